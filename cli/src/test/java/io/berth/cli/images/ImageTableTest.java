package io.berth.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.proto.containerd.services.images.v1.Image;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Platform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTableTest {
    @Test
    void rowsAreCtrsWithDashesWhereTheContentIsMissing() {
        String config = "sha256:" + "c".repeat(64);
        String manifest = "sha256:" + "e".repeat(64);
        byte[] configJson = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] manifestJson = ("{\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + config + "\",\"size\":1500},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        ImageContent content = new ImageContent(digest -> digest.equals(config) ? Optional.of(configJson)
                : digest.equals(manifest) ? Optional.of(manifestJson) : Optional.empty());
        String type = "application/vnd.oci.image.manifest.v1+json";
        Image app = Image.newBuilder().setName("registry.test/app:1").putLabels("k", "v")
                .setTarget(Descriptor.newBuilder().setMediaType(type).setDigest(manifest).setSize(100)).build();
        Image gone = Image.newBuilder().setName("x:1")
                .setTarget(Descriptor.newBuilder().setMediaType(type).setDigest("sha256:" + "0".repeat(64)).setSize(7))
                .build();
        StringWriter text = new StringWriter();
        ImageTable.print(new PrintWriter(text), List.of(app, gone), content,
                Platform.newBuilder().setOs("linux").setArchitecture("amd64").build());
        assertEquals("REF                 TYPE                                       DIGEST"
                + " ".repeat(66) + "SIZE    PLATFORMS   LABELS \n"
                + "registry.test/app:1 " + type + " " + manifest + " 1.6 KiB linux/amd64 k=v    \n"
                + "x:1                 " + type + " sha256:" + "0".repeat(64) + " -       -           -      \n",
                text.toString());
    }

    @Test
    void unpackedColumnComesAfterCtrsAndAsksAboutTheTopLayerOfThePlatformsImage() {
        String config = "sha256:" + "c".repeat(64);
        String manifest = "sha256:" + "e".repeat(64);
        String layer = "sha256:" + "d".repeat(64);
        byte[] configJson = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"" + layer
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifestJson = ("{\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + config + "\",\"size\":10},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        ImageContent content = new ImageContent(digest -> digest.equals(config) ? Optional.of(configJson)
                : digest.equals(manifest) ? Optional.of(manifestJson) : Optional.empty());
        Platform platform = Platform.newBuilder().setOs("linux").setArchitecture("amd64").build();
        Image app = Image.newBuilder().setName("a:1").setTarget(Descriptor.newBuilder()
                .setMediaType("application/vnd.oci.image.manifest.v1+json").setDigest(manifest).setSize(5)).build();
        StringWriter text = new StringWriter();

        ImageTable.print(new PrintWriter(text), List.of(app), content, platform,
                root -> content.diffIds(root, platform).map(ids -> ids.equals(List.of(layer)) ? "true" : "wrong")
                        .orElse("-"));

        List<String> lines = text.toString().lines().toList();
        assertEquals(true, lines.get(0).endsWith("LABELS UNPACKED "), lines.get(0));
        assertEquals(true, lines.get(1).matches(".* linux/amd64 - +true +"), lines.get(1));
    }
}
