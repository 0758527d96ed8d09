package io.berth.api.diff;

import java.util.Objects;

/**
 * How to apply one layer.
 *
 * @param whiteouts what whiteout entries become
 * @param deviceNodes whether the layer may create block and character devices; when false, a layer with a
 *        device entry is refused (overlay whiteouts are always made)
 */
public record ApplyOptions(WhiteoutMode whiteouts, boolean deviceNodes) {
    public ApplyOptions {
        Objects.requireNonNull(whiteouts, "whiteouts");
    }
}
