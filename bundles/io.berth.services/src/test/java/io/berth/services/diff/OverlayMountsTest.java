package io.berth.services.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Mount;

/** Snapshot mounts made read-only for a diff, and the overlay upper directory found in them. */
class OverlayMountsTest {
    private static final Mount ACTIVE_OVERLAY = new Mount("overlay", "overlay", List.of("index=off", "volatile",
            "workdir=/s/2/work", "upperdir=/s/2/fs", "lowerdir=/s/1/fs:/s/0/fs"));

    @Test
    void anActiveOverlayBecomesOneWhoseFirstLowerDirIsItsUpperDir() {
        assertEquals(List.of(new Mount("overlay", "overlay", List.of("index=off", "lowerdir=/s/2/fs:/s/1/fs:/s/0/fs"))),
                OverlayMounts.readOnly(List.of(ACTIVE_OVERLAY)));
    }

    @Test
    void anyOtherMountIsMountedReadOnly() {
        assertEquals(List.of(new Mount("bind", "/s/1/fs", List.of("rbind", "ro"))),
                OverlayMounts.readOnly(List.of(new Mount("bind", "/s/1/fs", List.of("rbind", "rw")))));
    }

    @Test
    void theUpperDirIsThatOfALoneOverlayWithOne() {
        assertEquals(Optional.of(Path.of("/s/2/fs")), OverlayMounts.upperDir(List.of(ACTIVE_OVERLAY)));
        assertEquals(Optional.empty(), OverlayMounts.upperDir(OverlayMounts.readOnly(List.of(ACTIVE_OVERLAY))));
        assertEquals(Optional.empty(), OverlayMounts.upperDir(List.of(new Mount("bind", "/s/1/fs", List.of()))));
    }

    @Test
    void aRelativeUpperDirIsAnInvalidArgument() {
        BerthException refused = assertThrows(BerthException.class, () -> OverlayMounts.upperDir(List.of(
                new Mount("overlay", "overlay", List.of("upperdir=fs", "lowerdir=/s/1/fs")))));

        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
    }
}
