package io.berth.remotes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Platform;

/** Reads what the client needs from manifests and indexes: their media type and an index's entries. */
final class Manifests {

    /** One entry of an index: the manifest and the platform it is for (null when the entry names none). */
    record Entry(Descriptor descriptor, Platform platform) {
    }

    private Manifests() {
    }

    /**
     * The media type of a manifest or index: its {@code mediaType} field, or, for a document without one
     * (allowed by OCI), what its fields make it: {@code manifests} an index, {@code config} and
     * {@code layers} a manifest, Docker's when its config is Docker's.
     */
    static String mediaType(byte[] content) {
        Map<String, Object> document = parse(content);
        String declared = Trees.string(document, "mediaType");
        if (declared != null && MediaTypes.isManifestOrIndex(declared)) {
            return declared;
        }
        if (declared != null && !declared.isEmpty()) {
            throw unsupported("media type " + declared);
        }
        if (document.get("manifests") instanceof List<?>) {
            return MediaTypes.OCI_INDEX;
        }
        if (document.get("config") instanceof Map<?, ?> config && document.get("layers") instanceof List<?>) {
            return MediaTypes.DOCKER_CONFIG.equals(config.get("mediaType"))
                    ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        }
        if (document.containsKey("fsLayers")) {
            throw unsupported("Docker schema 1 manifest");
        }
        throw unsupported("document: neither an index nor an image manifest");
    }

    /** The entries of an index, in its order. */
    static List<Entry> entries(byte[] index) {
        Object manifests = parse(index).get("manifests");
        if (!(manifests instanceof List<?> list)) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "index has no manifests list");
        }
        List<Entry> entries = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> raw)) {
                throw new BerthException(ErrorKind.FAILED_PRECONDITION, "index entry is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) raw;
            entries.add(new Entry(descriptor(entry), platform(entry.get("platform"))));
        }
        return entries;
    }

    /** The entry that serves {@code wanted} best (lowest {@link Platform#rank}), first in order among equals. */
    static Descriptor select(List<Entry> entries, Platform wanted) {
        Entry best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Entry entry : entries) {
            if (entry.platform() == null || !MediaTypes.isManifest(entry.descriptor().mediaType())) {
                continue;
            }
            int rank = wanted.rank(entry.platform());
            if (rank >= 0 && rank < bestRank) {
                best = entry;
                bestRank = rank;
            }
        }
        if (best == null) {
            throw BerthException.notFound("no manifest for platform %s in the index (it has %s)", wanted,
                    entries.stream().map(e -> String.valueOf(e.platform())).toList());
        }
        return best.descriptor();
    }

    private static Descriptor descriptor(Map<String, Object> entry) {
        String mediaType = Trees.string(entry, "mediaType");
        String digest = Trees.string(entry, "digest");
        if (mediaType == null || digest == null || !(entry.get("size") instanceof Number size)) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                    "index entry lacks mediaType, digest or size: " + entry.keySet());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (entry.get("annotations") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> annotations.put(String.valueOf(key), String.valueOf(value)));
        }
        return new Descriptor(mediaType, Digest.parse(digest), size.longValue(), annotations);
    }

    private static Platform platform(Object value) {
        if (!(value instanceof Map<?, ?> platform)
                || !(platform.get("os") instanceof String os)
                || !(platform.get("architecture") instanceof String architecture)) {
            return null;
        }
        return new Platform(os, architecture, platform.get("variant") instanceof String v ? v : "");
    }

    private static Map<String, Object> parse(byte[] content) {
        try {
            return Trees.json(content);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "manifest is not valid JSON: " + e.getMessage());
        }
    }

    private static BerthException unsupported(String what) {
        return new BerthException(ErrorKind.FAILED_PRECONDITION, "unsupported " + what);
    }
}
