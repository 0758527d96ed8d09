package io.berth.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fields of this process's {@code /proc/self/status}, as the kernel reports them there. */
public final class ProcSelfStatus {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcSelfStatus() {
    }

    /**
     * A field's value as the kernel writes it (hexadecimal for capability sets, octal for the umask).
     *
     * @throws IOException when the file cannot be read or shows no such field
     */
    public static String field(String name) throws IOException {
        String prefix = name + ":";
        return Files.readAllLines(STATUS, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElseThrow(() -> new IOException(STATUS + " shows no " + name));
    }

    /**
     * The file mode creation mask: the permission bits that mkdir(2) and open(2) leave out. A daemon does not
     * change it once started, so callers may read it once.
     */
    public static int umask() throws IOException {
        return Integer.parseInt(field("Umask"), 8);
    }
}
