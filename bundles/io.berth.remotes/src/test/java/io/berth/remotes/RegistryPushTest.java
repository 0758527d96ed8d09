package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.remotes.MediaTypes;
import io.berth.api.remotes.Pusher.Outcome;
import io.berth.api.remotes.Reference;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.api.remotes.UploadOptions;

/** Pushing blobs and manifests to the real docker-registry, then reading them back through the same client. */
class RegistryPushTest {
    private static final ResolveOptions PLAIN = ResolveOptions.defaults().withPlainHttp(true);

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static RegistryClient client;

    @BeforeAll
    static void startRegistry() throws Exception {
        LocalRegistry.assumeInstalled();
        registry = LocalRegistry.start(dir.resolve("registry"));
        client = new RegistryClient(Files.createDirectories(dir.resolve("certs.d")), Clock.systemUTC());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushedImageResolvesAndReadsBackByteForByte() throws Exception {
        Reference target = Reference.parse(registry.host() + "/pushed/app:v1");
        byte[] layer = bytes("layer of pushedImageResolvesAndReadsBackByteForByte", 100_000);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        Descriptor layerBlob = blob(TestImage.OCI_LAYER, layer);
        Descriptor configBlob = blob(MediaTypes.OCI_CONFIG, config);
        byte[] manifest = manifest(configBlob, layerBlob);
        Descriptor manifestBlob = blob(MediaTypes.OCI_MANIFEST, manifest);
        AtomicLong sent = new AtomicLong();

        assertEquals(Outcome.PUSHED, push(target, layerBlob, layer, false, List.of(), sent));
        assertEquals(layer.length, sent.get(), "every byte was counted as sent");
        assertEquals(Outcome.PUSHED, push(target, configBlob, config, false, List.of(), new AtomicLong()));
        assertEquals(Outcome.PUSHED, push(target, manifestBlob, manifest, true, List.of(), new AtomicLong()));

        Resolved resolved = client.resolve(target.toString(), PLAIN);
        assertEquals(manifestBlob.digest(), resolved.root().digest());
        assertArrayEquals(layer, RegistryClientTest.read(client.fetch(resolved, layerBlob)));
        assertArrayEquals(manifest, RegistryClientTest.read(client.fetch(resolved, resolved.root())));
    }

    @Test
    void whatTheRepositoryHoldsIsNotSentAgain() throws Exception {
        Reference target = Reference.parse(registry.host() + "/pushed/again:v1");
        byte[] layer = bytes("layer of whatTheRepositoryHoldsIsNotSentAgain", 5_000);
        Descriptor layerBlob = blob(TestImage.OCI_LAYER, layer);
        push(target, layerBlob, layer, false, List.of(), new AtomicLong());
        AtomicLong sent = new AtomicLong();

        assertEquals(Outcome.EXISTS, push(target, layerBlob, layer, false, List.of(), sent));
        assertEquals(0, sent.get());
    }

    @Test
    void blobOfAnotherRepositoryOfTheRegistryIsMounted() throws Exception {
        Reference source = Reference.parse(registry.host() + "/pushed/source:v1");
        Reference target = Reference.parse(registry.host() + "/pushed/mounted:v1");
        byte[] layer = bytes("layer of blobOfAnotherRepositoryOfTheRegistryIsMounted", 20_000);
        Descriptor layerBlob = blob(TestImage.OCI_LAYER, layer);
        push(source, layerBlob, layer, false, List.of(), new AtomicLong());
        AtomicLong sent = new AtomicLong();

        Outcome outcome = push(target, layerBlob, layer, false,
                List.of("elsewhere.example/pushed/source", source.locator()), sent);

        assertEquals(Outcome.MOUNTED, outcome);
        assertEquals(0, sent.get());
        assertEquals(Outcome.EXISTS, push(target, layerBlob, layer, false, List.of(), new AtomicLong()));
    }

    @Test
    void mountFromARepositoryWithoutTheBlobFallsBackToUploading() throws Exception {
        Reference target = Reference.parse(registry.host() + "/pushed/fallback:v1");
        byte[] layer = bytes("layer of mountFromARepositoryWithoutTheBlobFallsBackToUploading", 3_000);
        Descriptor layerBlob = blob(TestImage.OCI_LAYER, layer);

        Outcome outcome = push(target, layerBlob, layer, false, List.of(registry.host() + "/pushed/nothing-here"),
                new AtomicLong());

        assertEquals(Outcome.PUSHED, outcome);
    }

    @Test
    void manifestNamingAMissingBlobIsRefusedWithTheRegistrysReason() {
        Reference target = Reference.parse(registry.host() + "/pushed/broken:v1");
        Descriptor missing = blob(TestImage.OCI_LAYER, bytes("never pushed", 10));
        Descriptor config = blob(MediaTypes.OCI_CONFIG, bytes("never pushed config", 10));
        byte[] manifest = manifest(config, missing);

        BerthException refused = assertThrows(BerthException.class, () -> push(target,
                blob(MediaTypes.OCI_MANIFEST, manifest), manifest, true, List.of(), new AtomicLong()));

        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("refused manifest") && refused.getMessage().contains("BLOB_UNKNOWN"),
                refused.getMessage());
    }

    @Test
    void hostsTomlWithoutPushCapabilityRefusesPushes(@TempDir Path certsD) throws Exception {
        Path hostDir = Files.createDirectories(certsD.resolve(registry.host()));
        Files.writeString(hostDir.resolve("hosts.toml"), """
                server = "http://%s"
                capabilities = ["pull", "resolve"]
                """.formatted(registry.host()));
        Reference target = Reference.parse(registry.host() + "/pushed/readonly:v1");
        byte[] layer = bytes("read only", 10);
        try (RegistryClient readOnly = new RegistryClient(certsD, Clock.systemUTC())) {
            BerthException refused = assertThrows(BerthException.class, () -> readOnly.push(target,
                    blob(TestImage.OCI_LAYER, layer), () -> new ByteArrayInputStream(layer),
                    new UploadOptions(PLAIN, false, List.of()), count -> { }));

            assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
            assertTrue(refused.getMessage().contains("may serve pushes"), refused.getMessage());
        }
    }

    private static Outcome push(Reference target, Descriptor descriptor, byte[] content, boolean byTag,
            List<String> mountFrom, AtomicLong sent) {
        return client.push(target, descriptor, () -> new ByteArrayInputStream(content),
                new UploadOptions(PLAIN, byTag, mountFrom), sent::set);
    }

    private static Descriptor blob(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.compute(DigestAlgorithm.SHA256, content), content.length, Map.of());
    }

    private static byte[] manifest(Descriptor config, Descriptor layer) {
        return """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MediaTypes.OCI_MANIFEST, TestImage.json(config), TestImage.json(layer))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String seed, int size) {
        byte[] content = new byte[size];
        new java.util.Random(seed.hashCode()).nextBytes(content);
        return content;
    }
}
