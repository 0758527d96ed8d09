package io.berth.cli.images;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The OCI chain id of a stack of layers: the name containerd gives the snapshot of the top layer. */
final class ChainIds {
    private ChainIds() {
    }

    /** The chain id of all of {@code diffIds}; empty for no layers. */
    static String top(List<String> diffIds) {
        String chain = "";
        for (String diffId : diffIds) {
            chain = chain.isEmpty() ? diffId : "sha256:" + sha256(chain + " " + diffId);
        }
        return chain;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
