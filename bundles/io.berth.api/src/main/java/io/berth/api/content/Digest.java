package io.berth.api.content;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import io.berth.api.errors.BerthException;

/**
 * A content digest such as {@code sha256:e3b0c442...}: an algorithm and the lowercase hex of the hash.
 *
 * @param algorithm how the hash was computed
 * @param hex the hash, {@link DigestAlgorithm#hexLength()} lowercase hex characters
 */
public record Digest(DigestAlgorithm algorithm, String hex) {
    private static final HexFormat HEX = HexFormat.of();

    /** @throws BerthException of kind INVALID_ARGUMENT when {@code hex} is not the algorithm's lowercase hex */
    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength() || !isLowercaseHex(hex)) {
            throw BerthException.invalidArgument("invalid %s digest \"%s\": expected %d lowercase hex characters",
                    algorithm.id(), abbreviate(hex), algorithm.hexLength());
        }
    }

    /**
     * Parses {@code <algorithm>:<hex>}.
     *
     * @throws BerthException of kind INVALID_ARGUMENT naming the text when it is no valid sha256 or sha512 digest
     */
    public static Digest parse(String text) {
        if (text == null || text.isEmpty()) {
            throw BerthException.invalidArgument("digest must not be empty");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw BerthException.invalidArgument("invalid digest \"%s\": expected <algorithm>:<hex>", abbreviate(text));
        }
        return new Digest(DigestAlgorithm.of(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** The digest of a finished hash, as {@link MessageDigest#digest()} returns it. */
    public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HEX.formatHex(hash));
    }

    /** The digest of {@code data}. */
    public static Digest compute(DigestAlgorithm algorithm, byte[] data) {
        return of(algorithm, algorithm.newMessageDigest().digest(data));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return algorithm.newMessageDigest();
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }

    private static boolean isLowercaseHex(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Keeps messages readable when a client sends something huge in place of a digest. */
    private static String abbreviate(String text) {
        return text.length() <= 140 ? text : text.substring(0, 140) + "...";
    }
}
