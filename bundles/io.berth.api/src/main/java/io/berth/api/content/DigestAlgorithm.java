package io.berth.api.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** The digest algorithms content may be addressed by: sha256 (OCI's canonical one) and sha512. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name used in digests and on disk, e.g. {@code sha256}. */
    public String id() {
        return id;
    }

    /** How many lowercase hex characters a digest of this algorithm has. */
    public int hexLength() {
        return hexLength;
    }

    /** A fresh hasher for this algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 and SHA-512.
            throw new BerthException(ErrorKind.INTERNAL, "the JDK provides no " + jcaName, e);
        }
    }

    /**
     * The algorithm named {@code id}.
     *
     * @throws BerthException of kind INVALID_ARGUMENT for any other name
     */
    public static DigestAlgorithm of(String id) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.id.equals(id)) {
                return algorithm;
            }
        }
        throw BerthException.invalidArgument("unsupported digest algorithm \"%s\": only sha256 and sha512 are accepted",
                id);
    }
}
