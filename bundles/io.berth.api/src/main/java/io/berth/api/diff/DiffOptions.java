package io.berth.api.diff;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How to compute one layer.
 *
 * @param mediaType the layer's media type: tar, tar+gzip or tar+zstd ({@link LayerApplier#OCI_TAR} and friends)
 * @param overlayUpper the overlay upper directory behind the upper tree, when there is one: its directories marked
 *        opaque ({@code trusted.overlay.opaque=y}) are written as opaque ({@code .wh..wh..opq}) with all they hold,
 *        rather than as one whiteout per hidden name
 * @param sourceDateEpoch when present, no time in the layer is later than it, and whiteouts carry it (containerd's
 *        {@code SOURCE_DATE_EPOCH}); when absent, whiteouts carry the Unix epoch
 */
public record DiffOptions(String mediaType, Optional<Path> overlayUpper, Optional<Instant> sourceDateEpoch) {
    public DiffOptions {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(overlayUpper, "overlayUpper");
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    }

    /** Plain two-tree comparison, written as {@code mediaType}. */
    public static DiffOptions of(String mediaType) {
        return new DiffOptions(mediaType, Optional.empty(), Optional.empty());
    }
}
