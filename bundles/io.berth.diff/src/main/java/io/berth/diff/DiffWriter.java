package io.berth.diff;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerDiff;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** One layer computed from two trees: compared, written as PAX tar, hashed uncompressed, then compressed. */
final class DiffWriter {
    /** Records of one block: the archive ends after its two end blocks, unpadded, as Go's tar writer ends it. */
    private static final int TAR_BLOCK = 512;

    private DiffWriter() {
    }

    static LayerDiff write(Path lower, Path upper, DiffOptions options, OutputStream out) {
        Compression compression = Compression.forMediaType(options.mediaType());
        requireDirectory("lower", lower);
        requireDirectory("upper", upper);
        try {
            HashingStream tarBytes = new HashingStream(compression.wrap(out));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, TAR_BLOCK)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                new TreeComparison(lower, upper, options.overlayUpper(),
                        new ChangeWriter(tar, upper, options.sourceDateEpoch())).run();
            }
            return new LayerDiff(tarBytes.digest(), tarBytes.size());
        } catch (IOException e) {
            throw new BerthException(ErrorKind.INTERNAL, "computing the layer from " + lower + " to " + upper + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireDirectory(String which, Path tree) {
        if (tree == null || !Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalidArgument("diff %s tree %s is not a directory", which, tree);
        }
    }

    /** The uncompressed tar stream on its way to the compressor: hashed into the diff id and counted. */
    private static final class HashingStream extends FilterOutputStream {
        private final MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();
        private long size;

        HashingStream(OutputStream compressor) {
            super(compressor);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
            sha256.update(data, offset, length);
            size += length;
        }

        Digest digest() {
            return Digest.of(DigestAlgorithm.SHA256, sha256.digest());
        }

        long size() {
            return size;
        }
    }
}
