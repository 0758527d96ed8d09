package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * Who the process runs as.
 *
 * @param uid its user id
 * @param gid its primary group id
 * @param umask its file mode creation mask; null to inherit
 * @param additionalGids its supplementary groups
 */
public record User(
        @JsonInclude(Include.ALWAYS) long uid,
        @JsonInclude(Include.ALWAYS) long gid,
        Long umask,
        @JsonInclude(Include.NON_EMPTY) List<Long> additionalGids) {
}
