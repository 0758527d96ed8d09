package io.berth.content.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;

/**
 * Where things live under the store's root, exactly as containerd's local store lays them out:
 * {@code blobs/<alg>/<hex>} and {@code ingest/<sha256 of ref>/{data,ref,startedat,updatedat,total}}.
 */
final class Layout {
    static final String DATA = "data";
    static final String REF = "ref";
    static final String STARTED_AT = "startedat";
    static final String UPDATED_AT = "updatedat";
    static final String TOTAL = "total";
    /** Suffix of files and directories on their way in or out, never read as content. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path root;

    Layout(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path blobs(DigestAlgorithm algorithm) {
        return root.resolve("blobs").resolve(algorithm.id());
    }

    Path blob(Digest digest) {
        return blobs(digest.algorithm()).resolve(digest.hex());
    }

    Path ingests() {
        return root.resolve("ingest");
    }

    /** An ingest's directory is named by the hash of its ref, so no ref can reach outside {@link #ingests()}. */
    static String ingestName(String ref) {
        return Digest.compute(DigestAlgorithm.SHA256, ref.getBytes(StandardCharsets.UTF_8)).hex();
    }

    static boolean isIngestName(String name) {
        return isHex(name, DigestAlgorithm.SHA256.hexLength());
    }

    static boolean isHex(String name, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
