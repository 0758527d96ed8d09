package io.berth.images;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Platform;

/**
 * The children of an image's blobs as containerd's {@code images.Children} finds them: an index's manifests, a
 * manifest's config and layers; any other blob has none. An index entry's platform is kept to choose from it.
 */
final class ImageTree {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One child, with the platform an index names for it (null where none is named). */
    record Child(Descriptor descriptor, Platform platform) {
    }

    private ImageTree() {
    }

    static boolean hasChildren(Descriptor blob) {
        return MediaTypes.isManifestOrIndex(blob.mediaType());
    }

    static List<Child> children(Descriptor blob, byte[] content) {
        JsonNode root = parse(blob.digest(), content);
        List<Child> children = new ArrayList<>();
        if (MediaTypes.isIndex(blob.mediaType())) {
            for (JsonNode entry : root.path("manifests")) {
                children.add(new Child(descriptor(blob.digest(), entry), platform(entry.path("platform"))));
            }
        } else if (MediaTypes.isManifest(blob.mediaType())) {
            children.add(new Child(descriptor(blob.digest(), root.path("config")), null));
            for (JsonNode layer : root.path("layers")) {
                children.add(new Child(descriptor(blob.digest(), layer), null));
            }
        }
        return children;
    }

    /** The manifest of an index that serves {@code wanted} best, first in order among equals. */
    static Descriptor select(Descriptor index, List<Child> entries, Platform wanted) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Child entry : entries) {
            if (entry.platform() == null || !MediaTypes.isManifest(entry.descriptor().mediaType())) {
                continue;
            }
            int rank = wanted.rank(entry.platform());
            if (rank >= 0 && rank < bestRank) {
                best = entry.descriptor();
                bestRank = rank;
            }
        }
        if (best == null) {
            throw BerthException.notFound("index %s has no manifest for platform %s", index.digest(), wanted);
        }
        return best;
    }

    private static JsonNode parse(Digest digest, byte[] content) {
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.isObject()) {
                throw BerthException.invalidArgument("cannot read %s: it is not a JSON object", digest);
            }
            return root;
        } catch (IOException e) {
            throw BerthException.invalidArgument("cannot read %s: %s", digest, e.getMessage());
        }
    }

    private static Descriptor descriptor(Digest parent, JsonNode node) {
        JsonNode mediaType = node.path("mediaType");
        JsonNode digest = node.path("digest");
        JsonNode size = node.path("size");
        if (!mediaType.isTextual() || !digest.isTextual() || !size.canConvertToLong() || size.asLong() < 0) {
            throw BerthException.invalidArgument("cannot read %s: a descriptor needs a media type, a digest and a size: %s",
                    parent, node);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations").properties().forEach(entry -> annotations.put(entry.getKey(), entry.getValue().asText()));
        return new Descriptor(mediaType.asText(), Digest.parse(digest.asText()), size.asLong(), annotations);
    }

    private static Platform platform(JsonNode node) {
        if (!node.path("os").isTextual() || !node.path("architecture").isTextual()) {
            return null;
        }
        return new Platform(node.path("os").asText(), node.path("architecture").asText(),
                node.path("variant").asText(""));
    }
}
