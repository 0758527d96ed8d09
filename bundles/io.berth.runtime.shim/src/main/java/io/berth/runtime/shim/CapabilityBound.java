package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.berth.api.errors.BerthException;
import io.berth.linux.ProcSelfStatus;

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
    private static final JsonFactory JSON = new JsonFactory();

    private final long bounding;
    private final int lastCapability;

    CapabilityBound(long bounding, int lastCapability) {
        this.bounding = bounding;
        this.lastCapability = lastCapability;
    }

    /** The bounding set of this process, as {@code /proc/self/status} shows it. */
    static CapabilityBound ofThisProcess() throws IOException {
        long bounding = Long.parseUnsignedLong(ProcSelfStatus.read().field("CapBnd"), 16);
        // Files.readString reads sysctl files short (one byte here): read them line by line.
        int last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).getFirst().strip());
        return new CapabilityBound(bounding, last);
    }

    /**
     * @throws BerthException FAILED_PRECONDITION naming the capabilities the spec grants beyond the bounding set;
     *                        INVALID_ARGUMENT for a spec that is not JSON
     */
    void check(String id, byte[] spec) {
        Set<String> beyond = new TreeSet<>();
        try (JsonParser parser = JSON.createParser(spec)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw BerthException.invalidArgument("spec of container %s is not a JSON object", id);
            }
            if (enterField(parser, "process") && enterField(parser, "capabilities")) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean granting = GRANTING.contains(parser.currentName());
                    if (parser.nextToken() == JsonToken.START_ARRAY && granting) {
                        JsonToken item;
                        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                            if (item != JsonToken.VALUE_STRING) {
                                parser.skipChildren();
                                continue;
                            }
                            String name = parser.getText();
                            int number = NAMES.indexOf(name);
                            if (number >= 0 && number <= lastCapability && (bounding & (1L << number)) == 0) {
                                beyond.add(name);
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.invalidArgument("spec of container %s is not JSON: %s", id, e.getMessage());
        }
        if (!beyond.isEmpty()) {
            throw BerthException.failedPrecondition("container %s: the spec grants %s, beyond the daemon's"
                    + " capability bounding set; the runtime cannot grant what the daemon lacks", id,
                    String.join(", ", beyond));
        }
    }

    /**
     * Moves the parser, at the start of an object, into the value of its field {@code name} when that value is an
     * object; the spec is read only as far as the capabilities, and no tree of the rest is built.
     *
     * @return false when the object has no such field or its value is not an object
     */
    private static boolean enterField(JsonParser parser, String name) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = parser.currentName().equals(name);
            JsonToken value = parser.nextToken();
            if (wanted) {
                return value == JsonToken.START_OBJECT;
            }
            parser.skipChildren();
        }
        return false;
    }
}
