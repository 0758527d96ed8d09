package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A resource limit.
 *
 * @param type its name, for example {@code RLIMIT_NOFILE}
 * @param hard the hard limit, an unsigned 64-bit number ({@code -1} is unlimited)
 * @param soft the soft limit, likewise
 */
public record Rlimit(
        @JsonInclude(Include.ALWAYS) String type,
        @JsonInclude(Include.ALWAYS) @Unsigned long hard,
        @JsonInclude(Include.ALWAYS) @Unsigned long soft) {
}
