package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;

/**
 * 200 sequential {@code ctr run --rm} cycles leave berthd's open files and threads where they were after a
 * warm-up, and no mount or shim behind. The JVM's own threads and files come and go a little (compiler and pool
 * threads), so a small margin is allowed: a leak of one per cycle would be 200.
 */
class RunRmLeakTest {
    private static final int WARM_UP = 10;
    private static final int CYCLES = 200;
    private static final int MARGIN = 8;

    @TempDir
    Path dir;

    @Test
    void runRmCyclesLeaveFilesThreadsMountsAndShimsWhereTheyStarted() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd-shim-runc-v2")),
                "containerd-shim-runc-v2 is not installed (Debian package containerd); .ci/run installs it");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            String image = TestImages.pushSmall(registry, "berth/leak", "v1").reference();
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", image).expectSuccess();
            cycles(ctr, image, WARM_UP);
            long files = count(daemon, "fd");
            long threads = count(daemon, "task");
            int mounts = mounts(daemon).size();

            cycles(ctr, image, CYCLES);

            assertTrue(count(daemon, "fd") <= files + MARGIN, "open files " + files + " -> " + count(daemon, "fd"));
            assertTrue(count(daemon, "task") <= threads + MARGIN,
                    "threads " + threads + " -> " + count(daemon, "task"));
            assertEquals(mounts, mounts(daemon).size(), mounts(daemon).toString());
            assertEquals(List.of(), ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim-runc-v2")
                            && c.contains(daemon.socket().toString())).orElse(false))
                    .map(ProcessHandle::pid).toList(), "shims left");
        }
    }

    private static void cycles(Ctr ctr, String image, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            Command.Result run = ctr.run("run", "--rm", image, "c" + i, "true");
            assertEquals(0, run.exit(), "cycle " + i + ": " + run.err());
        }
    }

    private static long count(DaemonProcess daemon, String what) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc", String.valueOf(daemon.pid()), what))) {
            return entries.count();
        }
    }

    private static List<String> mounts(DaemonProcess daemon) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(daemon.dir().toString())).toList();
    }
}
