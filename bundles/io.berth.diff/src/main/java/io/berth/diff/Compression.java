package io.berth.diff;

import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import io.berth.api.diff.LayerApplier;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** The compression a computed layer is written with, as its media type names it. */
enum Compression {
    NONE, GZIP, ZSTD;

    private static final int BUFFER = 64 * 1024;
    /** zstd's own default level, as containerd's compressor uses. */
    private static final int ZSTD_LEVEL = 3;

    private static final Map<String, Compression> BY_MEDIA_TYPE = Map.of(
            LayerApplier.OCI_TAR, NONE,
            LayerApplier.OCI_TAR_GZIP, GZIP,
            LayerApplier.OCI_TAR_ZSTD, ZSTD,
            LayerApplier.DOCKER_TAR, NONE,
            LayerApplier.DOCKER_TAR_GZIP, GZIP);

    /** @throws BerthException NOT_IMPLEMENTED, as containerd answers, for a media type no layer is written as */
    static Compression forMediaType(String mediaType) {
        Compression compression = BY_MEDIA_TYPE.get(mediaType);
        if (compression == null) {
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "unsupported diff media type \"" + mediaType
                    + "\": expected a tar, tar+gzip or tar+zstd layer media type");
        }
        return compression;
    }

    /**
     * A stream compressing into {@code out}; closing it finishes the compressed stream and leaves {@code out}
     * open.
     */
    OutputStream wrap(OutputStream out) throws IOException {
        OutputStream unclosable = new UnclosableOutputStream(out);
        return switch (this) {
            case NONE -> unclosable;
            case GZIP -> new GZIPOutputStream(unclosable, BUFFER);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(unclosable, ZSTD_LEVEL);
        };
    }

    /** Passes writes and flushes on, and not the close: the caller's stream outlives the layer. */
    private static final class UnclosableOutputStream extends FilterOutputStream {
        UnclosableOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
