package io.berth.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.cli.CommandFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciLayoutTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    @Test
    void blobPathsAreTheOnlyPathsThatNameDigests() {
        assertEquals("blobs/sha256/" + "a".repeat(64), OciLayout.path(A));
        assertEquals(A, OciLayout.digestOf("blobs/sha256/" + "a".repeat(64)));
        assertEquals(A, OciLayout.digestOf("./blobs/sha256/" + "a".repeat(64)));
        assertNull(OciLayout.digestOf("blobs/sha256/../../etc/passwd"));
        assertNull(OciLayout.digestOf("blobs/sha256/" + "A".repeat(64)));
        assertNull(OciLayout.digestOf("blobs/md5/" + "a".repeat(32)));
        assertNull(OciLayout.digestOf("index.json"));
    }

    @Test
    void refNameIsTheTagOfAReferenceElseTheWholeName() {
        assertEquals("1.0", OciLayout.refName("127.0.0.1:5000/app:1.0"));
        assertEquals("latest", OciLayout.refName("docker.io/library/busybox:latest@" + A));
        assertEquals("127.0.0.1:5000/app", OciLayout.refName("127.0.0.1:5000/app"));
    }

    @Test
    void indexFileNamesEachImageAsContainerdDoesAndReadsBack() {
        OciLayout.Blob root = new OciLayout.Blob(MANIFEST, A, 400);

        byte[] index = OciLayout.indexFile(List.of(new OciLayout.Entry(root, "r.example/app:2")));

        assertEquals(List.of(new OciLayout.Entry(root, "r.example/app:2")), OciLayout.readIndex(index));
        String text = new String(index, StandardCharsets.UTF_8);
        assertEquals(true, text.contains("\"io.containerd.image.name\":\"r.example/app:2\""), text);
        assertEquals(true, text.contains("\"org.opencontainers.image.ref.name\":\"2\""), text);
    }

    @Test
    void indexEntryWithOnlyARefNameIsNamedByIt() {
        byte[] index = """
                {"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":5,
                 "annotations":{"org.opencontainers.image.ref.name":"small"}}]}""".formatted(MANIFEST, A)
                .getBytes(StandardCharsets.UTF_8);

        assertEquals("small", OciLayout.readIndex(index).getFirst().name());
    }

    @Test
    void manifestChildrenAreConfigThenLayersAndTheirLabelsKeepThem() {
        OciLayout.Blob manifest = new OciLayout.Blob(MANIFEST, A, 10);
        byte[] json = """
                {"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":3},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":4}]}"""
                .formatted(B, C).getBytes(StandardCharsets.UTF_8);

        List<OciLayout.Blob> children = OciLayout.children(manifest, json);

        assertEquals(List.of(B, C), children.stream().map(OciLayout.Blob::digest).toList());
        assertEquals(Map.of("containerd.io/gc.ref.content.config", B, "containerd.io/gc.ref.content.l.0", C),
                OciLayout.gcLabels(manifest, children));
    }

    @Test
    void descriptorWithoutAUsableDigestIsRefused() {
        byte[] index = """
                {"manifests":[{"mediaType":"%s","digest":"sha256:../../x","size":5}]}""".formatted(MANIFEST)
                .getBytes(StandardCharsets.UTF_8);

        assertThrows(CommandFailure.class, () -> OciLayout.readIndex(index));
    }

    @Test
    void manifestsForAPlatformAreThoseOfItAndThoseNamingNone() {
        OciLayout.Blob index = new OciLayout.Blob(OciLayout.OCI_INDEX, A, 10);
        byte[] json = """
                {"manifests":[
                 {"mediaType":"%1$s","digest":"%2$s","size":1,"platform":{"os":"linux","architecture":"arm64"}},
                 {"mediaType":"%1$s","digest":"%3$s","size":2,"platform":{"os":"linux","architecture":"amd64"}},
                 {"mediaType":"%1$s","digest":"%4$s","size":3}]}""".formatted(MANIFEST, A, B, C)
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of(B, C), OciLayout.manifestsFor(index, json, "linux", "amd64").stream()
                .map(OciLayout.Blob::digest).toList());
    }

    @Test
    void diffIdsAreTheConfigsRootfsInOrder() {
        byte[] config = """
                {"rootfs":{"type":"layers","diff_ids":["%s","%s"]}}""".formatted(B, A).getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of(B, A), OciLayout.diffIds(C, config));
    }
}
