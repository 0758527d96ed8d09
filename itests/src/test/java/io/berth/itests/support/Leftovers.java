package io.berth.itests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a daemon's tasks may leave on the machine, read from {@code /proc} and the daemon's directories: shims,
 * mounts and bundles. Containers outlive their daemon, so a test that ran tasks checks that none of it is left.
 */
public final class Leftovers {
    /** Every shim binary's name starts so: containerd-shim-runc-v2 and the others. */
    private static final String SHIM = "containerd-shim";
    private static final String BUNDLES = "state/io.containerd.runtime.v2.task/default";

    private Leftovers() {
    }

    /** No shim serves the daemon, nothing is mounted under its directory, and namespace default has no bundle left. */
    public static void assertNone(Daemon daemon) throws IOException {
        assertEquals(List.of(), shims(daemon.socket()), "shims left running");
        assertEquals(List.of(), mounts(daemon.dir().toString()), "mounts left");
        assertEquals(List.of(), entries(daemon.dir().resolve(BUNDLES)), "bundles left");
    }

    /** The shims that serve the daemon on this socket, each as its pid, a space and its command line. */
    public static List<String> shims(Path socket) {
        String address = socket.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(SHIM) && c.contains(address)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    /** The lines of {@code /proc/self/mountinfo} that contain the text, a directory for one. */
    public static List<String> mounts(String containing) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(containing)).toList();
    }

    /** What the directory holds; nothing when there is no such directory. */
    public static List<Path> entries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> left = Files.list(directory)) {
            return left.toList();
        }
    }

    /** Running and not a zombie, from {@code /proc}: a shim or a container is not this process's child. */
    public static boolean isRunning(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException gone) {
            return false;
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
