package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The container's root filesystem.
 *
 * @param path its path, relative to the bundle or absolute
 * @param readonly whether it is mounted read-only
 */
public record Root(@JsonInclude(Include.ALWAYS) String path, @JsonInclude(Include.NON_DEFAULT) boolean readonly) {
}
