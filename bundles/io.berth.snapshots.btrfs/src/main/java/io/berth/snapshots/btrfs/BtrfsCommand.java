package io.berth.snapshots.btrfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The subvolume work of the {@code btrfs} tool (btrfs-progs). A failure names the command and carries what the tool
 * said, so that "ERROR: Not a Btrfs subvolume" reaches the caller as it was written.
 */
final class BtrfsCommand {
    private static final String PROGRAM = "btrfs";

    private BtrfsCommand() {
    }

    /** The tool's version line; fails when it is not installed. */
    static String version() throws IOException {
        return run("--version").strip();
    }

    /** A new, empty, writable subvolume at {@code target}, which must not exist. */
    static void create(Path target) throws IOException {
        run("subvolume", "create", target.toString());
    }

    /** A copy-on-write snapshot of the subvolume {@code source} at {@code target}, which must not exist. */
    static void snapshot(Path source, Path target, boolean readOnly) throws IOException {
        if (readOnly) {
            run("subvolume", "snapshot", "-r", source.toString(), target.toString());
        } else {
            run("subvolume", "snapshot", source.toString(), target.toString());
        }
    }

    static void setReadOnly(Path subvolume, boolean readOnly) throws IOException {
        run("property", "set", "-ts", subvolume.toString(), "ro", Boolean.toString(readOnly));
    }

    static boolean isReadOnly(Path subvolume) throws IOException {
        return run("property", "get", "-ts", subvolume.toString(), "ro").strip().equals("ro=true");
    }

    /** Deletes the subvolume {@code subvolume} with everything in it, read-only or not. */
    static void delete(Path subvolume) throws IOException {
        run("subvolume", "delete", subvolume.toString());
    }

    private static String run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PROGRAM));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + PROGRAM + " (btrfs-progs is needed): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        if (status != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + status + ": " + output.strip());
        }
        return output;
    }
}
