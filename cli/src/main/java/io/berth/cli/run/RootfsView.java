package io.berth.cli.run;

import io.berth.cli.CommandFailure;
import io.berth.proto.containerd.types.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A container's prepared root filesystem, mounted read-only for a moment so that its account files can be read,
 * as containerd's client mounts it to resolve the image's user. A bind mount is read where it is; anything else
 * is mounted with mount(8) on a fresh directory and unmounted on close.
 */
final class RootfsView implements AutoCloseable {
    private static final Set<String> BINDS = Set.of("bind", "rbind");

    private final Path path;
    private final boolean mounted;

    private RootfsView(Path path, boolean mounted) {
        this.path = path;
        this.mounted = mounted;
    }

    static RootfsView of(List<Mount> mounts) {
        if (mounts.size() != 1) {
            throw new CommandFailure("the snapshotter gave " + mounts.size() + " mounts for the root filesystem; "
                    + "berth run reads one");
        }
        Mount mount = mounts.getFirst();
        if (BINDS.contains(mount.getType()) || mount.getOptionsList().contains("bind")
                || mount.getOptionsList().contains("rbind")) {
            return new RootfsView(Path.of(mount.getSource()), false);
        }
        Path target;
        try {
            target = Files.createTempDirectory("berth-rootfs-");
        } catch (IOException e) {
            throw new CommandFailure("make a directory to mount the root filesystem on: " + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>(mount.getOptionsList());
        options.add("ro");
        try {
            run("mount", "-t", mount.getType(), "-o", String.join(",", options), mount.getSource(), target.toString());
        } catch (CommandFailure failure) {
            deleteQuietly(target);
            throw failure;
        }
        return new RootfsView(target, true);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (mounted) {
            run("umount", path.toString());
            deleteQuietly(path);
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new CommandFailure(command[0] + " of the root filesystem failed: " + output);
            }
        } catch (IOException e) {
            throw new CommandFailure(command[0] + " of the root filesystem failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(command[0] + " of the root filesystem was interrupted", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException left) {
            // An empty directory in the temporary directory is all that remains.
        }
    }
}
