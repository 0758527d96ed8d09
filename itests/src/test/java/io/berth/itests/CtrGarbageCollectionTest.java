package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.Blob;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.leases.v1.AddResourceRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.Resource;

/**
 * Garbage collection as the real ctr sees it: images and leases keep blobs, {@code --sync} deletes wait for the
 * collection that removes the rest from disk, a plain delete is collected soon after, and a lease's expiry releases
 * what it held.
 */
class CtrGarbageCollectionTest {
    private static final String REPOSITORY = "berth/gc";

    @TempDir
    Path dir;

    /** The blob files on disk, whichever namespace referenced them. */
    private static List<String> blobFiles(DaemonProcess daemon) throws IOException {
        Path blobs = daemon.root().resolve("io.containerd.content.v1.content/blobs/sha256");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(blobs)) {
            return files.map(file -> "sha256:" + file.getFileName()).sorted().toList();
        }
    }

    private static List<String> digests(PushedImage image) {
        return image.blobs().stream().map(Blob::digest).sorted().toList();
    }

    private static List<String> listed(Ctr ctr) throws Exception {
        return ctr.run("content", "ls", "-q").expectSuccess().out().lines().filter(l -> !l.isBlank()).sorted()
                .toList();
    }

    @Test
    void anImageKeepsItsBlobsUntilTheLastNameGoesWithSync() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, "1");
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("content", "fetch", "--plain-http", image.reference()).expectSuccess();
            String copy = registry.reference(REPOSITORY, "copy");
            ctr.run("images", "tag", image.reference(), copy).expectSuccess();

            ctr.run("images", "rm", "--sync", image.reference()).expectSuccess();
            assertEquals(digests(image), listed(ctr));
            assertEquals(digests(image), blobFiles(daemon));

            ctr.run("images", "rm", "--sync", copy).expectSuccess();
            assertEquals(List.of(), listed(ctr));
            assertEquals(List.of(), blobFiles(daemon));
        }
    }

    @Test
    void aLeaseKeepsWhatItHoldsAndWhatThatReferencesUntilItExpires() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, "2");
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("content", "fetch", "--plain-http", image.reference()).expectSuccess();
            ctr.run("leases", "create", "--id", "keep", "--expires", "3s").expectSuccess();
            // Only the manifest: its gc.ref labels must keep the config and the layers.
            leases(daemon).addResource(AddResourceRequest.newBuilder().setId("keep").setResource(
                    Resource.newBuilder().setType("content").setId(image.manifestDigest())).build());

            ctr.run("images", "rm", "--sync", image.reference()).expectSuccess();
            assertEquals(digests(image), blobFiles(daemon));

            String leases = ctr.run("leases", "ls").expectSuccess().out();
            assertTrue(leases.lines().anyMatch(l -> l.startsWith("keep ") && l.contains("containerd.io/gc.expire=")),
                    leases);
            Thread.sleep(3500);
            // Any sync delete runs a collection; this one also proves a lease can be removed by ctr.
            ctr.run("leases", "create", "--id", "trigger").expectSuccess();
            ctr.run("leases", "rm", "--sync", "trigger").expectSuccess();

            assertEquals(List.of(), blobFiles(daemon));
            assertEquals(List.of(), listed(ctr));
            assertEquals("", ctr.run("leases", "ls", "-q").expectSuccess().out().strip());
        }
    }

    @Test
    void aPlainDeleteIsCollectedSoonAfterAsContainerdCollectsIt() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, "3");
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", image.reference()).expectSuccess();
            assertEquals(digests(image), blobFiles(daemon));
            assertTrue(!snapshots(ctr).isEmpty(), "the pull unpacked no snapshot");

            ctr.run("images", "rm", image.reference()).expectSuccess();
            // A liveness limit, not a speed bound: without a collection the blobs stay for the hour of the interval.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(blobFiles(daemon).isEmpty() && snapshots(ctr).isEmpty()) && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), blobFiles(daemon), daemon.log());
            assertEquals(List.of(), listed(ctr));
            assertEquals(List.of(), snapshots(ctr));
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    private static List<String> snapshots(Ctr ctr) throws Exception {
        return ctr.run("snapshots", "ls").expectSuccess().out().lines().skip(1).filter(l -> !l.isBlank()).toList();
    }

    private static LeasesGrpc.LeasesBlockingStub leases(DaemonProcess daemon) {
        return Namespaced.stub(LeasesGrpc.newBlockingStub(daemon.channel()), "default");
    }
}
