package io.berth.cli.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.berth.cli.CommandFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The layers of an image as its config lists them (their diff ids), whose chain id names the committed snapshot
 * that the container's root filesystem is prepared on.
 */
public record LayerChain(List<String> diffIds) {
    public LayerChain {
        diffIds = List.copyOf(diffIds);
    }

    /** The diff ids of an image config blob's {@code rootfs}. */
    public static LayerChain of(byte[] configBlob) {
        JsonObject root;
        try {
            root = JsonParser.parseString(new String(configBlob, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CommandFailure("the image config is not a JSON object: " + e.getMessage(), e);
        }
        List<String> diffIds = new ArrayList<>();
        JsonElement rootfs = root.get("rootfs");
        if (rootfs != null && rootfs.isJsonObject() && rootfs.getAsJsonObject().get("diff_ids") instanceof JsonArray ids) {
            ids.forEach(id -> diffIds.add(id.getAsString()));
        }
        return new LayerChain(diffIds);
    }

    /**
     * The chain id of the layers: the first diff id, then sha256 of "previous chain id, space, next diff id", as
     * the OCI image spec defines it and the unpacker names committed snapshots.
     */
    public String chainId() {
        if (diffIds.isEmpty()) {
            throw new CommandFailure("the image has no layers to make a root filesystem of");
        }
        String chain = diffIds.getFirst();
        for (String diffId : diffIds.subList(1, diffIds.size())) {
            chain = "sha256:" + HexFormat.of().formatHex(sha256(chain + " " + diffId));
        }
        return chain;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
