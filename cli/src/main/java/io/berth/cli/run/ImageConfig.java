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
 * What {@code berth run} takes from an image's config blob: the process defaults and the layers' diff ids,
 * whose chain id names the committed snapshot the container's root filesystem is prepared on.
 */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          String user, List<String> diffIds) {
    public static ImageConfig parse(String json) {
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CommandFailure("the image config is not a JSON object: " + e.getMessage(), e);
        }
        JsonObject config = object(root, "config");
        JsonObject rootfs = object(root, "rootfs");
        return new ImageConfig(strings(config, "Env"), strings(config, "Entrypoint"), strings(config, "Cmd"),
                text(config, "WorkingDir"), text(config, "User"), strings(rootfs, "diff_ids"));
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

    private static JsonObject object(JsonObject parent, String name) {
        JsonElement child = parent.get(name);
        return child != null && child.isJsonObject() ? child.getAsJsonObject() : new JsonObject();
    }

    private static String text(JsonObject parent, String name) {
        JsonElement child = parent.get(name);
        return child != null && child.isJsonPrimitive() ? child.getAsString() : "";
    }

    private static List<String> strings(JsonObject parent, String name) {
        JsonElement child = parent.get(name);
        List<String> values = new ArrayList<>();
        if (child != null && child.isJsonArray()) {
            for (JsonElement value : (JsonArray) child) {
                values.add(value.getAsString());
            }
        }
        return List.copyOf(values);
    }
}
