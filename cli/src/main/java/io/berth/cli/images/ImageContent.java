package io.berth.cli.images;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.berth.proto.containerd.types.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code ctr images ls} derives from an image's blobs: its size for one platform (the sum of the
 * descriptors reached from the target through the manifests of that platform) and the platforms it has
 * (those of its index entries, or of its config). Either is absent when a blob it needs is missing or
 * unreadable, as after an interrupted pull.
 */
final class ImageContent {
    private static final Set<String> MANIFESTS = Set.of(
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> INDEXES = Set.of(
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> CONFIGS = Set.of(
            "application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");
    private static final Map<String, String> ARCHITECTURE_ALIASES = Map.of(
            "x86_64", "amd64", "x86-64", "amd64", "aarch64", "arm64", "i386", "386", "i686", "386");

    /** A descriptor as a manifest or index names it; platform is absent where it names none. */
    record Blob(String mediaType, String digest, long size, Optional<Platform> platform) {
    }

    private final Function<String, Optional<byte[]>> blobs;

    /** @param blobs the bytes of a blob by digest, empty when the namespace does not hold it */
    ImageContent(Function<String, Optional<byte[]>> blobs) {
        this.blobs = blobs;
    }

    /** The client machine's platform, as containerd's platforms.Default() is the client's. */
    static Platform hostPlatform() {
        return Platform.newBuilder()
                .setOs(System.getProperty("os.name").toLowerCase(Locale.ROOT))
                .setArchitecture(architecture(System.getProperty("os.arch")))
                .build();
    }

    Optional<Long> size(Blob target, Platform platform) {
        try {
            return Optional.of(sizeOf(target, platform));
        } catch (MissingBlob missing) {
            return Optional.empty();
        }
    }

    /**
     * The uncompressed digests of the layers of {@code platform}'s image, from its config; absent when a blob on
     * the way is missing or the target has no manifest for the platform.
     */
    Optional<List<String>> diffIds(Blob target, Platform platform) {
        try {
            Blob manifest = manifestFor(target, platform);
            if (manifest == null) {
                return Optional.empty();
            }
            Optional<Blob> config = children(manifest).stream().filter(child -> CONFIGS.contains(child.mediaType()))
                    .findFirst();
            if (config.isEmpty()) {
                return Optional.empty();
            }
            Struct rootfs = json(config.get()).getFieldsOrDefault("rootfs", Value.getDefaultInstance()).getStructValue();
            return Optional.of(listOf(rootfs, "diff_ids").stream().map(Value::getStringValue).toList());
        } catch (MissingBlob missing) {
            return Optional.empty();
        }
    }

    private Blob manifestFor(Blob blob, Platform platform) {
        if (MANIFESTS.contains(blob.mediaType())) {
            return blob;
        }
        if (INDEXES.contains(blob.mediaType())) {
            for (Blob child : children(blob)) {
                if (child.platform().map(p -> matches(p, platform)).orElse(true)) {
                    Blob found = manifestFor(child, platform);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    Optional<List<Platform>> platforms(Blob target) {
        try {
            List<Platform> found = new ArrayList<>();
            collectPlatforms(target, found);
            return Optional.of(found);
        } catch (MissingBlob missing) {
            return Optional.empty();
        }
    }

    private long sizeOf(Blob blob, Platform platform) {
        long size = blob.size();
        for (Blob child : children(blob)) {
            if (child.platform().map(p -> matches(p, platform)).orElse(true)) {
                size += sizeOf(child, platform);
            }
        }
        return size;
    }

    private void collectPlatforms(Blob blob, List<Platform> found) {
        if (blob.platform().isPresent()) {
            found.add(blob.platform().get());
            return;
        }
        if (CONFIGS.contains(blob.mediaType())) {
            Struct config = json(blob);
            found.add(Platform.newBuilder()
                    .setOs(text(config, "os").toLowerCase(Locale.ROOT))
                    .setArchitecture(architecture(text(config, "architecture")))
                    .build());
            return;
        }
        for (Blob child : children(blob)) {
            collectPlatforms(child, found);
        }
    }

    private List<Blob> children(Blob blob) {
        List<Blob> children = new ArrayList<>();
        if (MANIFESTS.contains(blob.mediaType())) {
            Struct manifest = json(blob);
            if (manifest.containsFields("config")) {
                children.add(descriptor(manifest.getFieldsOrThrow("config")));
            }
            listOf(manifest, "layers").forEach(layer -> children.add(descriptor(layer)));
        } else if (INDEXES.contains(blob.mediaType())) {
            listOf(json(blob), "manifests").forEach(entry -> children.add(descriptor(entry)));
        }
        return children;
    }

    private Struct json(Blob blob) {
        byte[] bytes = blobs.apply(blob.digest()).orElseThrow(MissingBlob::new);
        Struct.Builder parsed = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), parsed);
        } catch (InvalidProtocolBufferException e) {
            throw new MissingBlob();
        }
        return parsed.build();
    }

    private static Blob descriptor(Value value) {
        Struct fields = value.getStructValue();
        Optional<Platform> platform = Optional.empty();
        if (fields.containsFields("platform")) {
            Struct p = fields.getFieldsOrThrow("platform").getStructValue();
            platform = Optional.of(Platform.newBuilder()
                    .setOs(text(p, "os")).setArchitecture(text(p, "architecture")).setVariant(text(p, "variant"))
                    .build());
        }
        long size = fields.containsFields("size") ? (long) fields.getFieldsOrThrow("size").getNumberValue() : 0;
        return new Blob(text(fields, "mediaType"), text(fields, "digest"), size, platform);
    }

    private static List<Value> listOf(Struct struct, String field) {
        return struct.containsFields(field) ? struct.getFieldsOrThrow(field).getListValue().getValuesList() : List.of();
    }

    private static String text(Struct struct, String field) {
        return struct.containsFields(field) ? struct.getFieldsOrThrow(field).getStringValue() : "";
    }

    private static String architecture(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ARCHITECTURE_ALIASES.getOrDefault(lower, lower);
    }

    /** Variants count only where both sides name one, as with amd64's, which manifests rarely give. */
    private static boolean matches(Platform candidate, Platform wanted) {
        return candidate.getOs().equals(wanted.getOs())
                && architecture(candidate.getArchitecture()).equals(wanted.getArchitecture())
                && (candidate.getVariant().isEmpty() || wanted.getVariant().isEmpty()
                        || candidate.getVariant().equals(wanted.getVariant()));
    }

    /** A blob the walk needs is not there, or is no JSON: the answer is unknown. */
    private static final class MissingBlob extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingBlob() {
            super(null, null, false, false);
        }
    }
}
