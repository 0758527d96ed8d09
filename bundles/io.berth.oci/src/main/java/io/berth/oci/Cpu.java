package io.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * CPU limits; each number null when not set.
 *
 * @param shares relative weight
 * @param quota microseconds of CPU time per period
 * @param burst microseconds a quota may be exceeded by
 * @param period the period, in microseconds
 * @param realtimeRuntime microseconds of real-time scheduling per real-time period
 * @param realtimePeriod the real-time period, in microseconds
 * @param cpus the CPUs it may run on, as {@code 0-3,6}
 * @param mems the memory nodes it may use, likewise
 * @param idle whether its cgroup is an idle one
 */
public record Cpu(
        @Unsigned Long shares,
        Long quota,
        @Unsigned Long burst,
        @Unsigned Long period,
        Long realtimeRuntime,
        @Unsigned Long realtimePeriod,
        @JsonInclude(Include.NON_EMPTY) String cpus,
        @JsonInclude(Include.NON_EMPTY) String mems,
        Long idle) {
}
