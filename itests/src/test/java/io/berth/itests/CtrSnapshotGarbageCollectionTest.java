package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.leases.v1.AddResourceRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.Resource;

/**
 * Garbage collection of snapshots as the real ctr sees it: an image pulled keeps its unpacked chain through the
 * config blob's snapshot label, and once the image is removed with {@code --sync} the chain is gone from the
 * namespace and from the snapshotter's disk, unless a lease still holds it.
 */
class CtrSnapshotGarbageCollectionTest {
    private static final String REPOSITORY = "berth/snapshot-gc";

    @TempDir
    Path dir;

    /** The snapshots' storage directories the snapshotter has on disk. */
    private static List<Path> storage(DaemonProcess daemon, String snapshotter) throws IOException {
        Path snapshots = daemon.root().resolve("io.containerd.snapshotter.v1." + snapshotter).resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return List.of();
        }
        try (Stream<Path> trees = Files.list(snapshots)) {
            return trees.toList();
        }
    }

    /** The rows of ctr's snapshot listing, each split at its column gaps, without the heading. */
    private static List<List<String>> snapshots(Ctr ctr, String snapshotter) throws Exception {
        return ctr.run("snapshots", "--snapshotter", snapshotter, "ls").expectSuccess().out().lines().skip(1)
                .filter(line -> !line.isBlank()).map(line -> List.of(line.trim().split("\\s+"))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void removingThePulledImageWithSyncRemovesItsSnapshotsAndTheirStorage(String snapshotter) throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, snapshotter);
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", "--snapshotter", snapshotter, image.reference())
                    .expectSuccess();
            // A collection meanwhile keeps the chain: the image reaches it through its config's label.
            ctr.run("leases", "create", "--id", "trigger").expectSuccess();
            ctr.run("leases", "rm", "--sync", "trigger").expectSuccess();
            assertEquals(image.layers().size(), snapshots(ctr, snapshotter).size());
            assertEquals(image.layers().size(), storage(daemon, snapshotter).size());

            ctr.run("images", "rm", "--sync", image.reference()).expectSuccess();

            assertEquals(List.of(), snapshots(ctr, snapshotter));
            assertEquals(List.of(), storage(daemon, snapshotter));
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void aSnapshotHeldByALeaseOutlivesItsImageUntilTheLeaseIsRemovedWithSync() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        String snapshotter = "native";
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, REPOSITORY, "leased");
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", "--snapshotter", snapshotter, image.reference())
                    .expectSuccess();
            List<List<String>> chain = snapshots(ctr, snapshotter);
            Set<String> parents = chain.stream().filter(row -> row.size() == 3).map(row -> row.get(1))
                    .collect(Collectors.toSet());
            List<String> tops = chain.stream().map(List::getFirst).filter(key -> !parents.contains(key)).toList();
            assertEquals(1, tops.size(), chain.toString());
            ctr.run("leases", "create", "--id", "keep").expectSuccess();
            // Only the top of the chain: it keeps its parents.
            leases(daemon).addResource(AddResourceRequest.newBuilder().setId("keep").setResource(
                    Resource.newBuilder().setType("snapshots/" + snapshotter).setId(tops.getFirst())).build());

            ctr.run("images", "rm", "--sync", image.reference()).expectSuccess();
            assertEquals(chain, snapshots(ctr, snapshotter));
            assertEquals(chain.size(), storage(daemon, snapshotter).size());

            ctr.run("leases", "rm", "--sync", "keep").expectSuccess();
            assertEquals(List.of(), snapshots(ctr, snapshotter));
            assertEquals(List.of(), storage(daemon, snapshotter));
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    private static LeasesGrpc.LeasesBlockingStub leases(DaemonProcess daemon) {
        return Namespaced.stub(LeasesGrpc.newBlockingStub(daemon.channel()), "default");
    }
}
