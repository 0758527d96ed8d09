package io.berth.remotes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * A registry's bytes checked against the descriptor while they are read: never more than its size, and at
 * the end exactly its size and (when the stream covers the whole blob) its digest. A mismatch fails the read
 * that notices it, so no consumer mistakes a lie for the end of the blob.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final String source;
    private final MessageDigest hash;
    private long position;
    private boolean verified;

    /**
     * @param start the offset of the stream's first byte in the blob
     * @param hash the hash of the bytes before {@code start}, or null when the digest cannot be checked
     */
    VerifyingInputStream(InputStream in, Descriptor expected, String source, long start, MessageDigest hash) {
        super(in);
        this.expected = expected;
        this.source = source;
        this.position = start;
        this.hash = hash;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verifyEnd();
            return -1;
        }
        position += n;
        if (position > expected.size()) {
            throw mismatch("more than " + expected.size() + " bytes", expected.size() + " bytes");
        }
        if (hash != null) {
            hash.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
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

    private void verifyEnd() {
        if (verified) {
            return;
        }
        if (position != expected.size()) {
            throw mismatch(position + " bytes", expected.size() + " bytes");
        }
        if (hash != null) {
            Digest actual = Digest.of(expected.digest().algorithm(), hash.digest());
            if (!actual.equals(expected.digest())) {
                throw mismatch(actual.toString(), expected.digest().toString());
            }
        }
        verified = true;
    }

    private BerthException mismatch(String sent, String wanted) {
        return new BerthException(ErrorKind.DATA_LOSS,
                source + ": registry sent " + sent + ", expected " + wanted + " for " + expected.digest());
    }
}
