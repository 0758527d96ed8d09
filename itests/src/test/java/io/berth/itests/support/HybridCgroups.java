package io.berth.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The cgroup layout crun needs on a hybrid host. crun 1.8 refuses every container there while the cgroup2
 * hierarchy still holds controllers ("drop all controllers from cgroupv2"); systemd's hybrid layout mounts each
 * controller as a v1 hierarchy, which takes it out of cgroup2. This mounts the controllers that were left over,
 * as that layout would, and unmounts them again when closed.
 */
public final class HybridCgroups implements AutoCloseable {
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final Path UNIFIED_CONTROLLERS = CGROUPS.resolve("unified/cgroup.controllers");

    private final List<Path> mounted = new ArrayList<>();

    private HybridCgroups() {
    }

    /** Mounts a v1 hierarchy for every controller the hybrid host's cgroup2 hierarchy still holds. */
    public static HybridCgroups withoutCgroup2Controllers() throws IOException, InterruptedException {
        HybridCgroups layout = new HybridCgroups();
        if (!Files.exists(UNIFIED_CONTROLLERS)) {
            return layout;
        }
        String leftOver = Files.readString(UNIFIED_CONTROLLERS).strip();
        for (String controller : leftOver.isEmpty() ? new String[0] : leftOver.split("\\s+")) {
            Path hierarchy = CGROUPS.resolve(controller);
            if (Files.exists(hierarchy)) {
                layout.close();
                Assumptions.abort(hierarchy + " exists, yet the cgroup2 hierarchy holds " + controller);
            }
            Files.createDirectory(hierarchy);
            Command.Result mount = Command.run("mount", "-t", "cgroup", "-o", controller, "cgroup", hierarchy);
            if (mount.exit() != 0) {
                Files.delete(hierarchy);
                layout.close();
                Assumptions.abort("cannot mount the cgroup v1 hierarchy " + controller + " that crun needs on "
                        + "this hybrid host: " + mount.err().strip());
            }
            layout.mounted.add(hierarchy);
        }
        String remaining = Files.readString(UNIFIED_CONTROLLERS).strip();
        if (!remaining.isEmpty()) {
            layout.close();
            Assumptions.abort("the cgroup2 hierarchy keeps the controllers " + Arrays.toString(remaining.split(
                    "\\s+")) + ", with which crun 1.8 runs no container");
        }
        return layout;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path hierarchy : mounted.reversed()) {
            Command.run("umount", hierarchy).expectSuccess();
            Files.deleteIfExists(hierarchy);
        }
        mounted.clear();
    }
}
