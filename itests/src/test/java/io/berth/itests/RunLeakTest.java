package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;

/**
 * Two hundred sequential {@code ctr run --rm} cycles leave berthd's open files, threads, mounts and shims where they
 * were after a few warm-up cycles: anything a run keeps per container would show up two hundred times.
 */
class RunLeakTest {
    private static final String SHIM = "containerd-shim-runc-v2";
    private static final int WARM_UP = 5;
    private static final int CYCLES = 200;
    /**
     * Threads the JDK starts on demand and retires once idle: the virtual-thread scheduler adds carriers while
     * virtual threads block in file I/O (kept 30 s), the process reaper one per shim being waited for (kept 60 s);
     * and berthd's shim log readers, one per running shim, kept 60 s once idle. A leak of one thread per run would be
     * two hundred.
     */
    private static final int THREAD_SLACK = 4;
    /**
     * Files of the metadata database: its reader pool opens connections when reads overlap and keeps up to four of
     * them idle, so their number follows the busiest moment so far, not the number of runs.
     */
    private static final String METADATA_FILE = "/io.containerd.metadata.";
    /** The writer's connection and the reader pool's idle ones, each holding the database file open. */
    private static final int METADATA_CONNECTIONS = 1 + 4;
    /** Samples of the thread count, 100 ms apart, of which the baseline is the lowest. */
    private static final int BASELINE_SAMPLES = 30;
    /**
     * At most this many samples after the cycles: long enough for the on-demand threads above to retire and for the
     * last run's connections and files to close.
     */
    private static final int SETTLE_SAMPLES = 900;

    @TempDir
    Path dir;

    /** What the daemon holds at one moment. */
    private record Usage(List<String> files, int threads, List<String> mounts, List<String> shims) {
        @Override
        public String toString() {
            return files.size() + " open files, " + threads + " threads, " + mounts.size() + " mounts, "
                    + shims.size() + " shims";
        }
    }

    @Test
    void twoHundredRunRmCyclesLeaveFilesThreadsMountsAndShimsWhereTheyWere() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", SHIM)),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            String image = TestImages.pushSmall(registry, "berth/leak", "v1").reference();
            ctr.run("images", "pull", "--plain-http", image).expectSuccess();

            runCycles(ctr, image, "warm", WARM_UP);
            Usage before = fewestThreads(daemon, BASELINE_SAMPLES);
            runCycles(ctr, image, "cycle", CYCLES);
            Usage after = backTo(before, daemon, SETTLE_SAMPLES);

            String report = "after " + WARM_UP + " warm-up cycles: " + before + "; after " + CYCLES + " more: "
                    + after;
            System.out.println("RunLeakTest: " + report);
            assertEquals(withoutMetadata(before.files()), withoutMetadata(after.files()), "open files: " + report);
            assertTrue(after.files().stream().filter(file -> file.endsWith("/meta.db")).count()
                    <= METADATA_CONNECTIONS, "metadata connections: " + after.files());
            assertTrue(after.threads() <= before.threads() + THREAD_SLACK, "threads: " + report);
            assertEquals(before.mounts(), after.mounts(), report);
            assertEquals(List.of(), after.shims(), report);
            assertEquals("", ctr.run("containers", "ls", "-q").expectSuccess().out());
            assertEquals("", ctr.run("tasks", "ls", "-q").expectSuccess().out());
            assertEmpty(daemon.dir().resolve("state/io.containerd.runtime.v2.task/default"));
            assertEmpty(daemon.root().resolve("io.containerd.runtime.v2.task/default"));
            assertTrue(daemon.isAlive(), daemon.log());
        }
    }

    private static List<String> withoutMetadata(List<String> files) {
        return files.stream().filter(file -> !file.contains(METADATA_FILE)).toList();
    }

    private static void runCycles(Ctr ctr, String image, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            ctr.run("run", "--rm", image, id, "true").expectSuccess();
        }
    }

    /** The daemon's usage when its thread count was lowest over {@code samples} samples 100 ms apart. */
    private static Usage fewestThreads(DaemonProcess daemon, int samples) throws IOException, InterruptedException {
        Usage lowest = usage(daemon);
        for (int sample = 1; sample < samples; sample++) {
            Thread.sleep(100);
            Usage now = usage(daemon);
            if (now.threads() <= lowest.threads()) {
                lowest = now;
            }
        }
        return lowest;
    }

    /**
     * The daemon's usage once it is back where {@code before} was, sampled 100 ms apart, or its last sample after
     * {@code samples}: what a run leaves behind for a moment goes, a leak stays.
     */
    private static Usage backTo(Usage before, DaemonProcess daemon, int samples)
            throws IOException, InterruptedException {
        Usage now = usage(daemon);
        for (int sample = 1; sample < samples && !isBackTo(before, now); sample++) {
            Thread.sleep(100);
            now = usage(daemon);
        }
        return now;
    }

    private static boolean isBackTo(Usage before, Usage now) {
        return withoutMetadata(before.files()).equals(withoutMetadata(now.files()))
                && now.threads() <= before.threads() + THREAD_SLACK
                && before.mounts().equals(now.mounts()) && now.shims().isEmpty();
    }

    private static Usage usage(DaemonProcess daemon) throws IOException {
        Path proc = Path.of("/proc", Long.toString(daemon.pid()));
        List<String> files = new ArrayList<>();
        try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
            for (Path fd : open.toList()) {
                try {
                    files.add(Files.readSymbolicLink(fd).toString().replaceAll("[0-9]+", "N"));
                } catch (NoSuchFileException closedMeanwhile) {
                    // Gone between the listing and the look: it was not held.
                }
            }
        }
        Collections.sort(files);
        int threads = Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).strip()))
                .findFirst().orElseThrow();
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(daemon.dir().toString())).toList();
        String socket = daemon.socket().toString();
        List<String> shims = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(SHIM) && c.contains(socket)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        return new Usage(files, threads, mounts, shims);
    }

    private static void assertEmpty(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> left = Files.list(directory)) {
                assertEquals(List.of(), left.toList(), "left in " + directory);
            }
        }
    }
}
