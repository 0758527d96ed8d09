package io.berth.oci;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The container's cgroup limits.
 *
 * @param devices device access rules, applied in order
 * @param memory memory limits
 * @param cpu CPU shares, quota and placement
 * @param pids the process count limit
 * @param hugepageLimits huge page limits by page size
 * @param unified cgroup v2 files and the values written to them
 */
public record Resources(
        @JsonInclude(Include.NON_EMPTY) List<DeviceRule> devices,
        Memory memory,
        Cpu cpu,
        Pids pids,
        @JsonInclude(Include.NON_EMPTY) List<HugepageLimit> hugepageLimits,
        @JsonInclude(Include.NON_EMPTY) Map<String, String> unified) {
}
