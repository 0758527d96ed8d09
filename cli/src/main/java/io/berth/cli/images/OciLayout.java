package io.berth.cli.images;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.berth.cli.CommandFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OCI image layout as containerd's archive exporter and importer write and read it: {@code oci-layout},
 * {@code index.json} whose entries name images by the annotations {@value #IMAGE_NAME} (the whole name) and
 * {@value #REF_NAME} (the tag), and {@code blobs/<algorithm>/<hex>}.
 */
final class OciLayout {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    static final String IMAGE_NAME = "io.containerd.image.name";
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String GC_CONTENT = "containerd.io/gc.ref.content";

    private static final Set<String> MANIFESTS = Set.of(
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> INDEXES = Set.of(
            OCI_INDEX, "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256/[0-9a-f]{64}|sha512/[0-9a-f]{128})");

    /** A blob as a manifest, an index or index.json names it. */
    record Blob(String mediaType, String digest, long size) {
        boolean hasChildren() {
            return MANIFESTS.contains(mediaType) || INDEXES.contains(mediaType);
        }

        boolean isIndex() {
            return INDEXES.contains(mediaType);
        }
    }

    /** One entry of index.json: an image's root and its name (empty when the entry names none). */
    record Entry(Blob target, String name) {
    }

    private OciLayout() {
    }

    static byte[] layoutFile() {
        return "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** The path of a blob inside the layout. */
    static String path(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    /** The digest a path names, or null for a path that is no blob of the layout. */
    static String digestOf(String path) {
        String normal = path.startsWith("./") ? path.substring(2) : path;
        if (!BLOB_PATH.matcher(normal).matches()) {
            return null;
        }
        return normal.substring("blobs/".length()).replace('/', ':');
    }

    /** An index's manifests, or a manifest's config then layers; nothing for any other blob. */
    static List<Blob> children(Blob blob, byte[] content) {
        List<Blob> children = new ArrayList<>();
        if (!blob.hasChildren()) {
            return children;
        }
        JsonObject root = object(blob.digest(), content);
        if (blob.isIndex()) {
            array(root, "manifests").forEach(entry -> children.add(blob(blob.digest(), entry)));
        } else {
            if (root.has("config")) {
                children.add(blob(blob.digest(), root.get("config")));
            }
            array(root, "layers").forEach(layer -> children.add(blob(blob.digest(), layer)));
        }
        return children;
    }

    /**
     * The manifests of an index whose platform is {@code os}/{@code architecture}, or that name no platform, in
     * index order.
     */
    static List<Blob> manifestsFor(Blob index, byte[] content, String os, String architecture) {
        List<Blob> found = new ArrayList<>();
        for (JsonElement entry : array(object(index.digest(), content), "manifests")) {
            Blob manifest = blob(index.digest(), entry);
            JsonObject platform = entry.getAsJsonObject().has("platform")
                    && entry.getAsJsonObject().get("platform").isJsonObject()
                    ? entry.getAsJsonObject().getAsJsonObject("platform") : null;
            if (platform == null || (text(platform, "os").equals(os)
                    && text(platform, "architecture").equals(architecture))) {
                found.add(manifest);
            }
        }
        return found;
    }

    /** An image config's uncompressed layer digests, in order. */
    static List<String> diffIds(String digest, byte[] config) {
        JsonElement rootfs = object(digest, config).get("rootfs");
        List<String> diffIds = new ArrayList<>();
        if (rootfs != null && rootfs.isJsonObject()) {
            array(rootfs.getAsJsonObject(), "diff_ids").forEach(id -> diffIds.add(id.getAsString()));
        }
        return diffIds;
    }

    /** The labels that make {@code blob} keep its children, as containerd's import sets them. */
    static Map<String, String> gcLabels(Blob blob, List<Blob> children) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (blob.isIndex()) {
            for (int i = 0; i < children.size(); i++) {
                labels.put(GC_CONTENT + ".m." + i, children.get(i).digest());
            }
        } else if (blob.hasChildren() && !children.isEmpty()) {
            labels.put(GC_CONTENT + ".config", children.getFirst().digest());
            for (int i = 1; i < children.size(); i++) {
                labels.put(GC_CONTENT + ".l." + (i - 1), children.get(i).digest());
            }
        }
        return labels;
    }

    static byte[] indexFile(List<Entry> entries) {
        JsonArray manifests = new JsonArray();
        for (Entry entry : entries) {
            JsonObject manifest = descriptor(entry.target());
            JsonObject annotations = new JsonObject();
            annotations.addProperty(IMAGE_NAME, entry.name());
            annotations.addProperty(REF_NAME, refName(entry.name()));
            manifest.add("annotations", annotations);
            manifests.add(manifest);
        }
        JsonObject index = new JsonObject();
        index.addProperty("schemaVersion", 2);
        index.addProperty("mediaType", OCI_INDEX);
        index.add("manifests", manifests);
        return index.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** index.json's entries, named by {@value #IMAGE_NAME}, else by {@value #REF_NAME}. */
    static List<Entry> readIndex(byte[] content) {
        List<Entry> entries = new ArrayList<>();
        for (JsonElement manifest : array(object(INDEX_FILE, content), "manifests")) {
            JsonObject annotations = manifest.isJsonObject() && manifest.getAsJsonObject().has("annotations")
                    ? manifest.getAsJsonObject().getAsJsonObject("annotations") : new JsonObject();
            String name = text(annotations, IMAGE_NAME);
            entries.add(new Entry(blob(INDEX_FILE, manifest), name.isEmpty() ? text(annotations, REF_NAME) : name));
        }
        return entries;
    }

    /** The OCI ref name of an image: the tag of a name that has one after its last slash, else the whole name. */
    static String refName(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        int at = last.indexOf('@');
        String tagged = at < 0 ? last : last.substring(0, at);
        int colon = tagged.lastIndexOf(':');
        return colon < 0 ? name : tagged.substring(colon + 1);
    }

    private static JsonObject descriptor(Blob blob) {
        JsonObject descriptor = new JsonObject();
        descriptor.addProperty("mediaType", blob.mediaType());
        descriptor.addProperty("digest", blob.digest());
        descriptor.addProperty("size", blob.size());
        return descriptor;
    }

    private static JsonObject object(String what, byte[] content) {
        try {
            JsonElement parsed = JsonParser.parseString(new String(content, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new CommandFailure("cannot read " + what + ": it is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CommandFailure("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static JsonArray array(JsonObject parent, String field) {
        JsonElement value = parent.get(field);
        return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
    }

    private static Blob blob(String parent, JsonElement element) {
        if (!element.isJsonObject()) {
            throw new CommandFailure("cannot read " + parent + ": a descriptor is not an object");
        }
        JsonObject node = element.getAsJsonObject();
        String digest = text(node, "digest");
        if (digestOf(path(digest)) == null || !node.has("size") || !node.get("size").isJsonPrimitive()) {
            throw new CommandFailure("cannot read " + parent + ": a descriptor needs a sha256 or sha512 digest and a size: "
                    + node);
        }
        long size = node.get("size").getAsLong();
        if (size < 0) {
            throw new CommandFailure("cannot read " + parent + ": negative size in " + node);
        }
        return new Blob(text(node, "mediaType"), digest, size);
    }

    private static String text(JsonObject node, String field) {
        JsonElement value = node.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    }
}
