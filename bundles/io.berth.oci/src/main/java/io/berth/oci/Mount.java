package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A mount in the container.
 *
 * @param destination where, absolute in the container
 * @param type the filesystem type
 * @param source the device, directory or name mounted
 * @param options mount options, as {@code mount -o} takes them
 * @param uidMappings the user ids an idmapped mount maps
 * @param gidMappings the group ids an idmapped mount maps
 */
public record Mount(
        @JsonInclude(Include.ALWAYS) String destination,
        @JsonInclude(Include.NON_EMPTY) String type,
        @JsonInclude(Include.NON_EMPTY) String source,
        @JsonInclude(Include.NON_EMPTY) List<String> options,
        @JsonInclude(Include.NON_EMPTY) List<IdMapping> uidMappings,
        @JsonInclude(Include.NON_EMPTY) List<IdMapping> gidMappings) {

    public Mount(String destination, String type, String source, List<String> options) {
        this(destination, type, source, options, List.of(), List.of());
    }
}
