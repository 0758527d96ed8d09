package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A device node made in the container.
 *
 * @param path where, absolute in the container
 * @param type {@code c}, {@code b}, {@code u} or {@code p}
 * @param major its major number
 * @param minor its minor number
 * @param fileMode its permission bits; null for the runtime's default
 * @param uid its owner; null for root
 * @param gid its group; null for root
 */
public record Device(
        @JsonInclude(Include.ALWAYS) String path,
        @JsonInclude(Include.ALWAYS) String type,
        @JsonInclude(Include.ALWAYS) long major,
        @JsonInclude(Include.ALWAYS) long minor,
        Integer fileMode,
        Long uid,
        Long gid) {
}
