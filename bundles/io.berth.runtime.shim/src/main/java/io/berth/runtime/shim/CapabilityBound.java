package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.api.errors.BerthException;

/**
 * The capabilities a task can be granted: those in the daemon's own bounding set. runc cannot grant one outside it
 * and fails deep inside container init with a bare "operation not permitted"; checking the spec first turns that
 * into a refusal that names the capability. Names the kernel does not know are left to runc, which ignores them.
 */
final class CapabilityBound {
    /** The kernel's capabilities, each at its number. */
    static final List<String> NAMES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
    /** The sets that grant; the bounding list only limits, so naming more there asks for nothing. */
    private static final List<String> GRANTING = List.of("effective", "permitted", "inheritable", "ambient");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long bounding;
    private final int lastCapability;

    CapabilityBound(long bounding, int lastCapability) {
        this.bounding = bounding;
        this.lastCapability = lastCapability;
    }

    /** The bounding set of this process, as {@code /proc/self/status} shows it. */
    static CapabilityBound ofThisProcess() throws IOException {
        long bounding = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("CapBnd:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16))
                .findFirst()
                .orElseThrow(() -> new IOException("/proc/self/status shows no CapBnd"));
        // Files.readString reads sysctl files short (one byte here): read them line by line.
        int last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).getFirst().strip());
        return new CapabilityBound(bounding, last);
    }

    /**
     * @throws BerthException FAILED_PRECONDITION naming the capabilities the spec grants beyond the bounding set;
     *                        INVALID_ARGUMENT for a spec that is not JSON
     */
    void check(String id, byte[] spec) {
        JsonNode capabilities;
        try {
            capabilities = JSON.readTree(spec).path("process").path("capabilities");
        } catch (IOException e) {
            throw BerthException.invalidArgument("spec of container %s is not JSON: %s", id, e.getMessage());
        }
        Set<String> beyond = new TreeSet<>();
        for (String set : GRANTING) {
            for (JsonNode name : capabilities.path(set)) {
                int number = NAMES.indexOf(name.asText());
                if (number >= 0 && number <= lastCapability && (bounding & (1L << number)) == 0) {
                    beyond.add(name.asText());
                }
            }
        }
        if (!beyond.isEmpty()) {
            throw BerthException.failedPrecondition("container %s: the spec grants %s, beyond the daemon's"
                    + " capability bounding set; the runtime cannot grant what the daemon lacks", id,
                    String.join(", ", beyond));
        }
    }
}
