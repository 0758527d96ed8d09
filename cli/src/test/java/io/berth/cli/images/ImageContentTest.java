package io.berth.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.cli.plugins.Platforms;
import io.berth.proto.containerd.types.Platform;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Size and platforms of an image from its blobs, as ctr images ls derives them. */
class ImageContentTest {
    private static final Platform AMD64 = Platform.newBuilder().setOs("linux").setArchitecture("amd64").build();
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final ImageContent content = new ImageContent(digest -> Optional.ofNullable(blobs.get(digest)));

    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private void put(char c, String json) {
        blobs.put(digest(c), json.getBytes(StandardCharsets.UTF_8));
    }

    private void putMultiPlatformImage() {
        put('c', "{\"architecture\":\"x86_64\",\"os\":\"Linux\"}");
        put('m', """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
                 "digest":"%s","size":40},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":1000},
                           {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":24}]}
                """.formatted(digest('c'), digest('1'), digest('2')));
        put('i', """
                {"schemaVersion":2,"manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":300,
                  "platform":{"architecture":"amd64","os":"linux"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":999,
                  "platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}
                """.formatted(digest('m'), digest('x')));
    }

    private static ImageContent.Blob root(String mediaType, char c, long size) {
        return new ImageContent.Blob(mediaType, digest(c), size, Optional.empty());
    }

    @Test
    void indexSizeCountsOnlyTheManifestOfThePlatformAndItsBlobs() {
        putMultiPlatformImage();
        ImageContent.Blob index = root("application/vnd.oci.image.index.v1+json", 'i', 500);
        // The arm/v7 manifest is absent, yet not needed for amd64.
        assertEquals(Optional.of(500L + 300 + 40 + 1000 + 24), content.size(index, AMD64));
        assertEquals("linux/amd64,linux/arm/v7", Platforms.format(content.platforms(index).orElseThrow()));
    }

    @Test
    void manifestPlatformComesFromItsConfigNormalised() {
        putMultiPlatformImage();
        ImageContent.Blob manifest = root("application/vnd.oci.image.manifest.v1+json", 'm', 300);
        assertEquals(Optional.of(300L + 40 + 1000 + 24), content.size(manifest, AMD64));
        assertEquals("linux/amd64", Platforms.format(content.platforms(manifest).orElseThrow()));
    }

    @Test
    void aMissingManifestLeavesBothUnknown() {
        ImageContent.Blob manifest = root("application/vnd.docker.distribution.manifest.v2+json", 'z', 300);
        assertEquals(Optional.empty(), content.size(manifest, AMD64));
        assertEquals(Optional.empty(), content.platforms(manifest));
    }

    @Test
    void aBlobThatIsNoJsonLeavesBothUnknown() {
        put('m', "not json");
        ImageContent.Blob manifest = root("application/vnd.oci.image.manifest.v1+json", 'm', 8);
        assertEquals(Optional.empty(), content.size(manifest, AMD64));
    }
}
