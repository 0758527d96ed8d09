package io.berth.cli.containers;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import io.berth.proto.containerd.services.containers.v1.Container;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.TreeMap;

/**
 * A container as {@code ctr containers info} prints it: containerd's Go record as JSON, indented by four
 * spaces, with the spec written out as the JSON it holds rather than as bytes.
 */
final class ContainerJson {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .setFormattingStyle(FormattingStyle.PRETTY.withIndent("    ")).create();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ContainerJson() {
    }

    static String of(Container container) {
        JsonObject json = new JsonObject();
        json.addProperty("ID", container.getId());
        json.add("Labels", container.getLabelsCount() == 0 ? JsonNull.INSTANCE
                : GSON.toJsonTree(new TreeMap<>(container.getLabelsMap())));
        json.addProperty("Image", container.getImage());
        JsonObject runtime = new JsonObject();
        runtime.addProperty("Name", container.getRuntime().getName());
        runtime.add("Options", container.getRuntime().hasOptions() ? any(container.getRuntime().getOptions())
                : JsonNull.INSTANCE);
        json.add("Runtime", runtime);
        json.addProperty("SnapshotKey", container.getSnapshotKey());
        json.addProperty("Snapshotter", container.getSnapshotter());
        json.addProperty("CreatedAt", time(container.getCreatedAt()));
        json.addProperty("UpdatedAt", time(container.getUpdatedAt()));
        JsonElement extensions = JsonNull.INSTANCE;
        if (container.getExtensionsCount() > 0) {
            JsonObject byName = new JsonObject();
            new TreeMap<>(container.getExtensionsMap()).forEach((name, value) -> byName.add(name, any(value)));
            extensions = byName;
        }
        json.add("Extensions", extensions);
        if (container.hasSpec()) {
            json.add("Spec", specJson(container.getSpec()));
        }
        return GSON.toJson(json);
    }

    /** The spec alone, as {@code ctr containers info --spec} prints it. */
    static String spec(Container container) {
        return GSON.toJson(container.hasSpec() ? specJson(container.getSpec()) : JsonNull.INSTANCE);
    }

    /** containerd keeps a spec as its JSON; anything else is shown as the typed bytes it is. */
    private static JsonElement specJson(Any spec) {
        try {
            return JsonParser.parseString(spec.getValue().toString(StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            return any(spec);
        }
    }

    /** Go's JSON of a protobuf Any: its type, and its bytes in base64 unless there are none. */
    private static JsonObject any(Any value) {
        JsonObject json = new JsonObject();
        json.addProperty("type_url", value.getTypeUrl());
        if (!value.getValue().isEmpty()) {
            json.addProperty("value", Base64.getEncoder().encodeToString(value.getValue().toByteArray()));
        }
        return json;
    }

    /** Go's RFC 3339 with nanoseconds: the fraction without trailing zeros, none when zero. */
    static String time(Timestamp timestamp) {
        Instant instant = Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
        String fraction = "";
        if (instant.getNano() != 0) {
            fraction = "." + String.format("%09d", instant.getNano()).replaceFirst("0+$", "");
        }
        return SECONDS.format(instant) + fraction + "Z";
    }
}
