package io.berth.diff;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import io.berth.api.diff.LayerApplier;
import io.berth.api.errors.BerthException;

/** The decompression a layer's media type names, or that its first bytes show when it names none. */
enum Decompression {
    NONE, GZIP, ZSTD;

    private static final int BUFFER = 64 * 1024;

    private static final Map<String, Decompression> BY_MEDIA_TYPE = Map.of(
            LayerApplier.OCI_TAR, NONE,
            LayerApplier.OCI_TAR_GZIP, GZIP,
            LayerApplier.OCI_TAR_ZSTD, ZSTD,
            "application/vnd.oci.image.layer.nondistributable.v1.tar", NONE,
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", GZIP,
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", ZSTD,
            LayerApplier.DOCKER_TAR, NONE,
            LayerApplier.DOCKER_TAR_GZIP, GZIP,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", GZIP);

    /** @throws BerthException INVALID_ARGUMENT for a media type that is no layer this applier knows */
    static Decompression forMediaType(String mediaType) {
        Decompression decompression = BY_MEDIA_TYPE.get(mediaType);
        if (decompression == null) {
            throw BerthException.invalidArgument("unsupported layer media type \"%s\": expected a tar, tar+gzip or "
                    + "tar+zstd layer (OCI or Docker), or none to recognise the stream", mediaType);
        }
        return decompression;
    }

    /** Recognises gzip (1f 8b) and zstd (28 b5 2f fd) by their magic numbers; anything else is read as tar. */
    static Decompression sniff(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The uncompressed stream of {@code layer}, its media type or (when empty or null) its magic deciding. */
    static InputStream open(InputStream layer, String mediaType) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(layer, BUFFER);
        Decompression decompression = mediaType == null || mediaType.isEmpty()
                ? sniff(buffered) : forMediaType(mediaType);
        return decompression.wrap(buffered);
    }

    InputStream wrap(InputStream compressed) throws IOException {
        return switch (this) {
            case NONE -> compressed;
            case GZIP -> new GZIPInputStream(compressed, BUFFER);
            case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(compressed), BUFFER);
        };
    }
}
