package io.berth.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** This process's {@code /proc/self/status}, read once: its fields as the kernel reports them there. */
public final class ProcSelfStatus {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Map<String, String> fields;

    private ProcSelfStatus(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Reads the file now. */
    public static ProcSelfStatus read() throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(STATUS, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new ProcSelfStatus(fields);
    }

    /**
     * A field's value as the kernel writes it (hexadecimal for capability sets, octal for the umask, several ids
     * for {@code Uid} and {@code Gid}).
     *
     * @throws IOException when the file showed no such field
     */
    public String field(String name) throws IOException {
        String value = fields.get(name);
        if (value == null) {
            throw new IOException(STATUS + " shows no " + name);
        }
        return value;
    }

    /**
     * The file mode creation mask: the permission bits that mkdir(2) and open(2) leave out. A daemon does not
     * change it once started, so callers may read it once.
     */
    public int umask() throws IOException {
        return Integer.parseInt(field("Umask"), 8);
    }

    /** The filesystem user id, the fourth of {@code Uid}'s real, effective, saved and filesystem ids. */
    public int filesystemUid() throws IOException {
        return filesystemId("Uid");
    }

    /** The filesystem group id, the fourth of {@code Gid}'s ids. */
    public int filesystemGid() throws IOException {
        return filesystemId("Gid");
    }

    private int filesystemId(String name) throws IOException {
        String[] ids = field(name).split("\\s+");
        if (ids.length < 4) {
            throw new IOException(STATUS + " shows " + name + " without a filesystem id: " + field(name));
        }
        return Integer.parseInt(ids[3]);
    }
}
