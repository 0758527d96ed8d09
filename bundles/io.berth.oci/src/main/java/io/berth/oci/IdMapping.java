package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** A range of user or group ids in the container mapped to a range on the host. */
public record IdMapping(
        @JsonInclude(Include.ALWAYS) long containerID,
        @JsonInclude(Include.ALWAYS) long hostID,
        @JsonInclude(Include.ALWAYS) long size) {
}
