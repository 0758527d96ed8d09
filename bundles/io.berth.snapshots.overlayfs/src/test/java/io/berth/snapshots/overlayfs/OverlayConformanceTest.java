package io.berth.snapshots.overlayfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

import io.berth.api.snapshots.Snapshotter;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.testsuite.SnapshotterConformance;

/** The shared snapshotter conformance suite, on the overlayfs snapshotter. */
class OverlayConformanceTest extends SnapshotterConformance {
    private SqliteDatabase metadata;

    @Override
    protected Snapshotter create(Path root) {
        Assumptions.assumeTrue(KernelOverlay.available(), "the kernel has no overlay filesystem");
        metadata = SqliteDatabase.open(workspace.resolve("meta.db"), Duration.ofSeconds(5));
        return new OverlaySnapshotter(metadata, root, List.of());
    }

    @Override
    protected List<String> capabilities() {
        return List.of(Snapshotter.CAPABILITY_REBASE);
    }

    @AfterEach
    void closeMetadata() {
        if (metadata != null) {
            metadata.close();
        }
    }
}
