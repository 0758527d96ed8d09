package io.berth.snapshots.overlayfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;

/** The mounts handed out for each kind and depth, in containerd's form. */
class OverlayMountsTest {
    private final Layout layout = new Layout(Path.of("/var/lib/berth/overlay"));
    private final OverlayMounts mounts = new OverlayMounts(layout, List.of("index=off", "volatile"), 4096);

    @Test
    void anActiveSnapshotOnLayersIsAnOverlayWithItsUpperAndWorkDirectoriesAndTheLayersNearestFirst() {
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("index=off", "volatile",
                "workdir=/var/lib/berth/overlay/snapshots/9/work", "upperdir=/var/lib/berth/overlay/snapshots/9/fs",
                "lowerdir=/var/lib/berth/overlay/snapshots/3/fs:/var/lib/berth/overlay/snapshots/1/fs"))),
                mounts.of("key", 9, Kind.ACTIVE, List.of(3L, 1L), false));
    }

    @Test
    void aViewOfSeveralLayersIsAnOverlayOfLowerDirectoriesOnly() {
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("index=off", "volatile",
                "lowerdir=/var/lib/berth/overlay/snapshots/3/fs:/var/lib/berth/overlay/snapshots/1/fs"))),
                mounts.of("key", 9, Kind.VIEW, List.of(3L, 1L), false));
    }

    @Test
    void aViewOfOneLayerIsAReadOnlyBindOfThatLayer() {
        assertEquals(List.of(new Mount("bind", "/var/lib/berth/overlay/snapshots/3/fs", List.of("ro", "rbind"))),
                mounts.of("key", 9, Kind.VIEW, List.of(3L), false));
    }

    @Test
    void aSnapshotWithoutParentIsABindOfItsOwnDirectoryWithoutOverlayOptions() {
        assertEquals(List.of(new Mount("bind", "/var/lib/berth/overlay/snapshots/9/fs", List.of("rw", "rbind"))),
                mounts.of("key", 9, Kind.ACTIVE, List.of(), false));
        assertEquals(List.of(new Mount("bind", "/var/lib/berth/overlay/snapshots/9/fs", List.of("ro", "rbind"))),
                mounts.of("key", 9, Kind.VIEW, List.of(), false));
    }

    @Test
    void aLayerToBeRebasedLaterIsAnOverlayOfItsUpperDirectoryOnTheEmptyOneThoughItHasNoParent() {
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("index=off", "volatile",
                "workdir=/var/lib/berth/overlay/snapshots/9/work", "upperdir=/var/lib/berth/overlay/snapshots/9/fs",
                "lowerdir=/var/lib/berth/overlay/empty"))),
                mounts.of("key", 9, Kind.ACTIVE, List.of(), true));
        assertEquals(mounts.of("key", 9, Kind.ACTIVE, List.of(3L, 1L), false),
                mounts.of("key", 9, Kind.ACTIVE, List.of(3L, 1L), true), "with parents the label changes nothing");
    }

    @Test
    void lowerDirectoriesBeyondOnePageOfOptionsAreRefusedWithTheReason() {
        List<Long> fits = LongStream.rangeClosed(1, 80).boxed().toList();
        mounts.of("key", 1000, Kind.ACTIVE, fits, false);
        List<Long> tooMany = LongStream.rangeClosed(1, 200).boxed().toList();

        BerthException refused = assertThrows(BerthException.class,
                () -> mounts.of("deep", 1000, Kind.VIEW, tooMany, false));
        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("deep") && refused.getMessage().contains("200 lower layers")
                && refused.getMessage().contains("4096"), refused.getMessage());
    }

    @Test
    void aRootThatOverlayOptionsCannotCarryIsRefused() {
        for (String root : List.of("/var/lib/a:b", "/var/lib/a,b", "/var/lib/a\\b")) {
            BerthException refused = assertThrows(BerthException.class, () -> new Layout(Path.of(root)));
            assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        }
    }
}
