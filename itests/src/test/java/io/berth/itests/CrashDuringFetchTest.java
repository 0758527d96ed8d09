package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.Blob;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * berthd killed with SIGKILL at random points while Debian's ctr fetches a ~100 MB image, 20 times over, and
 * restarted each time: afterwards no blob is corrupt, no image points at missing content, the fetch completes,
 * and a collection leaves no unreferenced blob and no stale ingest.
 */
class CrashDuringFetchTest {
    private static final int KILLS = 20;
    private static final int IMAGE_MEGABYTES = 100;
    /** Kill points fall within this many milliseconds after the fetch starts. */
    private static final int LATEST_KILL_MILLIS = 2500;
    /** Ingests older than this are stale: every ingest no lease holds is. */
    private static final String CONFIG = """
            [plugins."io.containerd.gc.v1.scheduler"]
              ingest_max_age = "0s"
            """;

    @TempDir
    Path dir;

    @Test
    void killsDuringAFetchLoseNothingAndLeaveNothingBehind() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        long seed = Long.getLong("berth.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path home = dir.resolve("berthd");
        try (TestRegistry registry = TestRegistry.start()) {
            PushedImage image = TestImages.pushLarge(registry, "berth/crash", "1", IMAGE_MEGABYTES);
            StringBuilder killedAt = new StringBuilder("seed " + seed + ", killed at ms:");
            for (int i = 0; i < KILLS; i++) {
                int delay = random.nextInt(LATEST_KILL_MILLIS);
                killedAt.append(' ').append(delay);
                killDuringFetch(home, image, delay);
            }
            String context = killedAt.toString();

            try (DaemonProcess daemon = DaemonProcess.start(home, CONFIG)) {
                Ctr ctr = new Ctr(daemon.socket());
                assertEveryBlobMatchesItsName(daemon, context);
                assertNoImagePointsAtMissingContent(ctr, daemon, image, context);

                ctr.run("content", "fetch", "--plain-http", image.reference()).expectSuccess();
                assertEveryBlobMatchesItsName(daemon, context);
                assertEquals(image.blobs().stream().map(Blob::digest).sorted().toList(), blobFiles(daemon), context);

                for (String lease : lines(ctr.run("leases", "ls", "-q").expectSuccess().out())) {
                    ctr.run("leases", "rm", "--sync", lease).expectSuccess();
                }
                Set<String> referenced = Set.copyOf(lines(ctr.run("content", "ls", "-q").expectSuccess().out()));
                assertEquals(referenced, Set.copyOf(blobFiles(daemon)), "blobs on disk that nothing references; "
                        + context);
                assertEquals(List.of(), ingests(daemon), "ingests left after collection; " + context);
            }
        }
    }

    /** Starts berthd and a fetch, kills berthd with SIGKILL after the delay, and waits for both to end. */
    private void killDuringFetch(Path home, PushedImage image, int delayMillis) throws Exception {
        DaemonProcess daemon = DaemonProcess.start(home, CONFIG);
        Process fetch = new ProcessBuilder("/usr/bin/ctr", "--address", daemon.socket().toString(),
                "content", "fetch", "--plain-http", image.reference())
                .redirectErrorStream(true).redirectOutput(dir.resolve("fetch.log").toFile()).start();
        try {
            Thread.sleep(delayMillis);
            daemon.kill();
            if (!fetch.waitFor(60, TimeUnit.SECONDS)) {
                fetch.destroyForcibly().waitFor();
            }
        } finally {
            daemon.close();
        }
    }

    private static void assertEveryBlobMatchesItsName(DaemonProcess daemon, String context) throws Exception {
        for (String digest : blobFiles(daemon)) {
            assertEquals(digest, "sha256:" + sha256(blobsDir(daemon).resolve(digest.substring("sha256:".length()))),
                    "corrupt blob; " + context);
        }
    }

    /** An image's target is on disk, and so is every blob its manifest references. */
    private static void assertNoImagePointsAtMissingContent(Ctr ctr, DaemonProcess daemon, PushedImage image,
                                                            String context) throws Exception {
        List<String> onDisk = blobFiles(daemon);
        for (String name : lines(ctr.run("images", "ls", "-q").expectSuccess().out())) {
            assertEquals(image.reference(), name, context);
            assertTrue(onDisk.containsAll(image.blobs().stream().map(Blob::digest).toList()),
                    "image " + name + " points at missing content; " + context);
        }
    }

    private static Path blobsDir(DaemonProcess daemon) {
        return daemon.root().resolve("io.containerd.content.v1.content/blobs/sha256");
    }

    private static List<String> blobFiles(DaemonProcess daemon) throws IOException {
        if (!Files.isDirectory(blobsDir(daemon))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(blobsDir(daemon))) {
            return files.map(file -> "sha256:" + file.getFileName()).sorted().toList();
        }
    }

    private static List<String> ingests(DaemonProcess daemon) throws IOException {
        Path ingest = daemon.root().resolve("io.containerd.content.v1.content/ingest");
        if (!Files.isDirectory(ingest)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(ingest)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }
}
