package io.berth.cli.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.images.v1.GetImageRequest;
import io.berth.proto.containerd.services.images.v1.ImagesGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an image's config blob through the daemon's images and content services: from the image's target,
 * through an index to the manifest of this machine's platform, to its config.
 */
final class ImageReader {
    private static final Set<String> INDEXES = Set.of(
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Map<String, String> ARCHITECTURES = Map.of("x86_64", "amd64", "aarch64", "arm64");

    private final Daemon daemon;

    ImageReader(Daemon daemon) {
        this.daemon = daemon;
    }

    byte[] configBlob(String reference) {
        Descriptor target = daemon.call("failed to get image " + reference, ImagesGrpc::newBlockingStub,
                stub -> stub.get(GetImageRequest.newBuilder().setName(reference).build())).getImage().getTarget();
        String mediaType = target.getMediaType();
        String digest = target.getDigest();
        JsonObject manifest = json(digest);
        if (INDEXES.contains(mediaType) || manifest.has("manifests")) {
            digest = platformManifest(manifest, reference);
            manifest = json(digest);
        }
        JsonElement config = manifest.get("config");
        if (config == null || !config.isJsonObject()) {
            throw new CommandFailure("image " + reference + ": manifest " + digest + " names no config");
        }
        return blob(config.getAsJsonObject().get("digest").getAsString());
    }

    private static String platformManifest(JsonObject index, String reference) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String architecture = ARCHITECTURES.getOrDefault(arch, arch);
        for (JsonElement entry : index.getAsJsonArray("manifests")) {
            JsonObject platform = entry.getAsJsonObject().getAsJsonObject("platform");
            if (platform != null && os.equals(platform.get("os").getAsString())
                    && architecture.equals(platform.get("architecture").getAsString())) {
                return entry.getAsJsonObject().get("digest").getAsString();
            }
        }
        throw new CommandFailure("image " + reference + " has no manifest for " + os + "/" + architecture);
    }

    private JsonObject json(String digest) {
        try {
            return JsonParser.parseString(new String(blob(digest), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new CommandFailure("blob " + digest + " is not a JSON object", e);
        }
    }

    private byte[] blob(String digest) {
        String what = "failed to read blob " + digest;
        ReadContentRequest request = ReadContentRequest.newBuilder().setDigest(digest).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Iterator<ReadContentResponse> chunks = daemon.call(what, ContentGrpc::newBlockingStub, stub -> stub.read(request));
        try {
            chunks.forEachRemaining(chunk -> bytes.writeBytes(chunk.getData().toByteArray()));
        } catch (StatusRuntimeException e) {
            throw daemon.failure(what, e);
        }
        return bytes.toByteArray();
    }
}
