package io.berth.diff;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * The uncompressed tar stream as the tar reader consumes it: hashed into the diff id, counted, and cut off
 * with RESOURCE_EXHAUSTED once it grows past the limit (a decompression bomb never reaches the disk whole).
 * Read failures of the layer itself surface as {@link CorruptLayerException}.
 */
final class UncompressedStream extends FilterInputStream {
    private final MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();
    private final long limit;
    private long size;

    UncompressedStream(InputStream uncompressed, long limit) {
        super(uncompressed);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new CorruptLayerException(e);
        }
        if (n > 0) {
            size += n;
            if (size > limit) {
                throw new BerthException(ErrorKind.RESOURCE_EXHAUSTED, String.format(
                        "layer unpacks to more than the maximum of %d bytes: refused", limit));
            }
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    Digest digest() {
        return Digest.of(DigestAlgorithm.SHA256, sha256.digest());
    }

    long size() {
        return size;
    }

    /** The layer could not be read: truncated, or not the compression or format it claims. */
    static final class CorruptLayerException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptLayerException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
