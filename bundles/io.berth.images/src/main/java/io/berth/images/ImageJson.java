package io.berth.images;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;

/**
 * The parts of manifests and image configs a pull needs. They come from a registry, so anything missing or
 * malformed is refused with INVALID_ARGUMENT naming the blob.
 */
final class ImageJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageJson() {
    }

    /** An image manifest's config and layers. */
    record Manifest(Descriptor config, List<Descriptor> layers) {
    }

    static Manifest manifest(Digest digest, byte[] content) {
        JsonNode root = parse(digest, content);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : array(digest, root, "layers")) {
            layers.add(descriptor(digest, layer));
        }
        return new Manifest(descriptor(digest, root.path("config")), List.copyOf(layers));
    }

    /** The uncompressed digests of an image config's layers, in order. */
    static List<Digest> diffIds(Digest digest, byte[] content) {
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode diffId : array(digest, parse(digest, content).path("rootfs"), "diff_ids")) {
            diffIds.add(digest(digest, diffId));
        }
        return List.copyOf(diffIds);
    }

    private static JsonNode parse(Digest digest, byte[] content) {
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.isObject()) {
                throw invalid(digest, "it is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw invalid(digest, e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(digest, e.getMessage());
        }
    }

    private static JsonNode array(Digest digest, JsonNode parent, String field) {
        JsonNode array = parent.path(field);
        if (!array.isArray()) {
            throw invalid(digest, "\"" + field + "\" is not an array");
        }
        return array;
    }

    private static Descriptor descriptor(Digest digest, JsonNode node) {
        JsonNode mediaType = node.path("mediaType");
        JsonNode size = node.path("size");
        if (!mediaType.isTextual() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(digest, "a descriptor needs a media type and a size of at least 0: " + node);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations").properties().forEach(entry -> annotations.put(entry.getKey(),
                entry.getValue().asText()));
        return new Descriptor(mediaType.asText(), digest(digest, node.path("digest")), size.asLong(), annotations);
    }

    private static Digest digest(Digest digest, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(digest, "a digest is missing");
        }
        try {
            return Digest.parse(node.asText());
        } catch (BerthException e) {
            throw invalid(digest, e.getMessage());
        }
    }

    private static BerthException invalid(Digest digest, String why) {
        return BerthException.invalidArgument("cannot read %s: %s", digest, why);
    }
}
