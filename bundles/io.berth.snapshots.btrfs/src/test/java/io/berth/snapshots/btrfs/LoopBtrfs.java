package io.berth.snapshots.btrfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

import io.berth.linux.Trees;

/** A btrfs filesystem in a sparse file, mounted through a loop device, for the tests of one class. */
final class LoopBtrfs implements AutoCloseable {
    private static final long SIZE = 300L << 20;

    private final Path dir;
    private final Path mountPoint;

    private LoopBtrfs(Path dir) {
        this.dir = dir;
        this.mountPoint = dir.resolve("mnt");
    }

    /** Skips the calling tests unless this machine can make and mount a btrfs filesystem. */
    static void assumeAvailable() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Assumptions.assumeTrue(uid == 0, "mounting a loop-backed btrfs filesystem needs root; CI runs tests as root");
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\tbtrfs\n"),
                "this kernel has no btrfs filesystem (/proc/filesystems)");
        Assumptions.assumeTrue(mkfs().isPresent(), "mkfs.btrfs is missing: install btrfs-progs");
    }

    /** Makes a new filesystem and mounts it; {@link #close} unmounts it and detaches its loop device. */
    static LoopBtrfs mount() throws IOException {
        LoopBtrfs filesystem = new LoopBtrfs(Files.createTempDirectory("berth-btrfs-"));
        Path image = filesystem.dir.resolve("image");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        run(mkfs().orElseThrow().toString(), "-q", image.toString());
        Files.createDirectory(filesystem.mountPoint);
        run("mount", "-o", "loop", image.toString(), filesystem.mountPoint.toString());
        return filesystem;
    }

    Path mountPoint() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", "-d", mountPoint.toString());
        } finally {
            Trees.deleteRecursively(dir);
        }
    }

    /** Runs a command, failing with its output when it fails; returns its output. */
    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return output;
    }

    private static Optional<Path> mkfs() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "mkfs.btrfs"))
                .filter(Files::isExecutable).findFirst();
    }
}
