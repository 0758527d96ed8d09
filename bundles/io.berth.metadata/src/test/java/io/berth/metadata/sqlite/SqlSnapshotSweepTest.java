package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.SnapshotReference;
import io.berth.api.metadata.Sweep;
import io.berth.api.metadata.Transaction;
import io.berth.api.metadata.TypedValue;

/** The snapshot rules of the mark and sweep, on the real database. */
class SqlSnapshotSweepTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String OVERLAY = "overlayfs";
    private static final String NATIVE = "native";

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Digest digest(String name) {
        return Digest.compute(DigestAlgorithm.SHA256, name.getBytes(StandardCharsets.UTF_8));
    }

    /** A namespace's snapshot whose backend key is {@code <namespace>/<name>}. */
    private static void snapshot(Transaction tx, String namespace, String snapshotter, String name, String parent,
                                 Map<String, String> labels) {
        tx.snapshots().create(namespace, snapshotter, name, namespace + "/" + name, parent, labels);
    }

    private Sweep sweep() {
        return db.write(tx -> tx.sweep(NOW));
    }

    private Set<String> left(String namespace, String snapshotter) {
        return db.read(tx -> tx.snapshots().list(namespace, snapshotter)).stream().map(SnapshotReference::name)
                .collect(Collectors.toSet());
    }

    private Set<Digest> blobsLeft(String namespace) {
        return db.read(tx -> tx.contents().list(namespace)).stream().map(Info::digest).collect(Collectors.toSet());
    }

    @Test
    void aBlobsSnapshotLabelKeepsTheSnapshotAndItsParentsAndTheRestGoesChildrenFirst() {
        db.write(tx -> {
            tx.contents().add("a", digest("config"), 1, Map.of(GcLabels.ROOT, "1",
                    GcLabels.REF_SNAPSHOT + OVERLAY, "top", GcLabels.REF_SNAPSHOT + NATIVE + "/1", "other"));
            snapshot(tx, "a", OVERLAY, "base", "", Map.of());
            snapshot(tx, "a", OVERLAY, "mid", "base", Map.of());
            snapshot(tx, "a", OVERLAY, "top", "mid", Map.of());
            snapshot(tx, "a", OVERLAY, "loose-base", "", Map.of());
            snapshot(tx, "a", OVERLAY, "loose", "loose-base", Map.of());
            snapshot(tx, "a", NATIVE, "other", "", Map.of());
            snapshot(tx, "a", NATIVE, "top", "", Map.of());
            return null;
        });
        Sweep sweep = sweep();
        assertEquals(Set.of("base", "mid", "top"), left("a", OVERLAY));
        assertEquals(Set.of("other"), left("a", NATIVE));
        assertEquals(3, sweep.removedSnapshots());
        assertEquals(Set.of("a/base", "a/mid", "a/top"), sweep.referencedSnapshots(OVERLAY));
        assertEquals(Set.of("a/other"), sweep.referencedSnapshots(NATIVE));
        assertEquals(Set.of(), sweep.referencedSnapshots("btrfs"));
    }

    @Test
    void aLeaseHoldsItsNamespacesSnapshotByNameOnItsSnapshotterOnly() {
        db.write(tx -> {
            tx.leases().create("a", new Lease("pull", Map.of(), null));
            tx.leases().addResource("a", "pull", new LeaseResource("layer", LeaseResource.SNAPSHOTS + "/" + NATIVE));
            snapshot(tx, "a", NATIVE, "parent", "", Map.of());
            snapshot(tx, "a", NATIVE, "layer", "parent", Map.of());
            snapshot(tx, "a", OVERLAY, "layer", "", Map.of());
            snapshot(tx, "b", NATIVE, "layer", "", Map.of());
            return null;
        });
        sweep();
        assertEquals(Set.of("parent", "layer"), left("a", NATIVE));
        assertEquals(Set.of(), left("a", OVERLAY));
        assertEquals(Set.of(), left("b", NATIVE));
    }

    @Test
    void aRootSnapshotKeepsWhatItsLabelsReference() {
        db.write(tx -> {
            tx.contents().add("a", digest("layer"), 1, Map.of());
            tx.contents().add("a", digest("unused"), 1, Map.of());
            snapshot(tx, "a", OVERLAY, "root", "", Map.of(GcLabels.ROOT, "2026-01-01T00:00:00Z",
                    GcLabels.REF_CONTENT + ".l", digest("layer").toString(), GcLabels.REF_SNAPSHOT + NATIVE, "copy"));
            snapshot(tx, "a", NATIVE, "copy", "", Map.of());
            snapshot(tx, "a", NATIVE, "unused", "", Map.of());
            return null;
        });
        sweep();
        assertEquals(Set.of("root"), left("a", OVERLAY));
        assertEquals(Set.of("copy"), left("a", NATIVE));
        assertEquals(Set.of(digest("layer")), blobsLeft("a"));
    }

    @Test
    void aFlatLeaseKeepsTheSnapshotAndItsParentsButNotWhatItsLabelsReference() {
        db.write(tx -> {
            tx.leases().create("a", new Lease("flat", Map.of(GcLabels.FLAT, "1"), null));
            tx.leases().addResource("a", "flat", new LeaseResource("child", LeaseResource.SNAPSHOTS + "/" + NATIVE));
            snapshot(tx, "a", NATIVE, "parent", "", Map.of());
            snapshot(tx, "a", NATIVE, "child", "parent", Map.of(GcLabels.REF_SNAPSHOT + NATIVE, "referenced"));
            snapshot(tx, "a", NATIVE, "referenced", "", Map.of());
            return null;
        });
        sweep();
        assertEquals(Set.of("parent", "child"), left("a", NATIVE));
    }

    @Test
    void anImageLabelKeepsASnapshot() {
        db.write(tx -> {
            tx.contents().add("a", digest("manifest"), 1, Map.of());
            tx.images().create("a", new Image("img", new Descriptor("application/vnd.oci.image.manifest.v1+json",
                    digest("manifest"), 1, Map.of()), Map.of(GcLabels.REF_SNAPSHOT + OVERLAY, "unpacked"), null, null));
            snapshot(tx, "a", OVERLAY, "unpacked", "", Map.of());
            return null;
        });
        sweep();
        assertEquals(Set.of("unpacked"), left("a", OVERLAY));
    }

    @Test
    void aContainerKeepsItsSnapshotAndWhatItsLabelsReferenceUntilItIsDeleted() {
        db.write(tx -> {
            tx.contents().add("a", digest("checkpoint"), 1, Map.of());
            tx.contents().add("a", digest("unused"), 1, Map.of());
            snapshot(tx, "a", OVERLAY, "image", "", Map.of());
            snapshot(tx, "a", OVERLAY, "rootfs", "image", Map.of());
            snapshot(tx, "a", NATIVE, "scratch", "", Map.of());
            snapshot(tx, "a", NATIVE, "unused", "", Map.of());
            tx.containers().create("a", new Container("c1", Map.of(GcLabels.REF_SNAPSHOT + NATIVE, "scratch",
                    GcLabels.REF_CONTENT + ".checkpoint", digest("checkpoint").toString()), "", "io.containerd.runc.v2",
                    null, new TypedValue("spec", new byte[] {1}), OVERLAY, "rootfs", "", Map.of(), null, null));
            return null;
        });
        sweep();
        assertEquals(Set.of("image", "rootfs"), left("a", OVERLAY));
        assertEquals(Set.of("scratch"), left("a", NATIVE));
        assertEquals(Set.of(digest("checkpoint")), blobsLeft("a"));

        db.write(tx -> {
            tx.containers().delete("a", "c1");
            return null;
        });
        sweep();
        assertEquals(Set.of(), left("a", OVERLAY));
        assertEquals(Set.of(), left("a", NATIVE));
        assertEquals(Set.of(), blobsLeft("a"));
    }

    @Test
    void aSnapshotLabelThatNamesNoSnapshotterKeepsNothing() {
        db.write(tx -> {
            tx.contents().add("a", digest("config"), 1, Map.of(GcLabels.ROOT, "1",
                    GcLabels.REF_SNAPSHOT, "top", GcLabels.REF_SNAPSHOT + "/x", "top"));
            snapshot(tx, "a", OVERLAY, "top", "", Map.of());
            return null;
        });
        sweep();
        assertEquals(Set.of(), left("a", OVERLAY));
    }
}
