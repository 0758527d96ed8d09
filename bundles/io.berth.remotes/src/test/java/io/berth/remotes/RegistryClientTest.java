package io.berth.remotes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
import io.berth.api.remotes.Platform;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;

/** Resolving and fetching against the real docker-registry, over plain HTTP, anonymously. */
class RegistryClientTest {
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
    void resolvesTagToTheManifestTheRegistryHolds() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/tagged", "v1", "amd64", 1000);

        Resolved resolved = client.resolve(registry.host() + "/apps/tagged:v1", PLAIN);

        assertEquals(image.manifest(), resolved.root());
        assertEquals(registry.host() + "/apps/tagged:v1", resolved.name().toString());
    }

    @Test
    void resolvesDigestReference() throws Exception {
        TestImage image = TestImage.pushDocker(registry, "apps/docker", "latest", 800);

        Resolved resolved = client.resolve(registry.host() + "/apps/docker@" + image.manifest().digest(), PLAIN);

        assertEquals(image.manifest(), resolved.root());
        assertEquals(MediaTypes.DOCKER_MANIFEST, resolved.root().mediaType());
    }

    @Test
    void fetchesManifestConfigAndLayersVerified() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/full", "1.0", "amd64", 300_000);
        Resolved resolved = client.resolve(registry.host() + "/apps/full:1.0", PLAIN);

        byte[] manifest = read(client.fetch(resolved, resolved.root()));
        assertEquals(image.manifest().digest(), Digest.compute(DigestAlgorithm.SHA256, manifest));
        assertTrue(new String(manifest, StandardCharsets.UTF_8).contains(image.config().digest().toString()));
        assertTrue(new String(read(client.fetch(resolved, image.config())), StandardCharsets.UTF_8)
                .contains("\"architecture\":\"amd64\""));
        for (int i = 0; i < image.layers().size(); i++) {
            assertArrayEquals(image.layerContents().get(i), read(client.fetch(resolved, image.layers().get(i))));
        }
    }

    @Test
    void selectsThePlatformOfAnIndex() throws Exception {
        TestImage amd64 = TestImage.pushOci(registry, "apps/multi", "amd64", "amd64", 500);
        TestImage arm64 = TestImage.pushOci(registry, "apps/multi", "arm64", "arm64", 600);
        Descriptor index = TestImage.pushIndex(registry, "apps/multi", "latest", MediaTypes.OCI_INDEX,
                List.of(amd64, arm64), List.of("linux/amd64", "linux/arm64/v8"));

        Resolved resolved = client.resolve(registry.host() + "/apps/multi", PLAIN);

        assertEquals(index, resolved.root());
        assertEquals(arm64.manifest(), client.manifest(resolved, Platform.parse("linux/aarch64")));
        assertEquals(amd64.manifest(), client.manifest(resolved, Platform.parse("linux/x86_64")));
        BerthException missing = assertThrows(BerthException.class,
                () -> client.manifest(resolved, Platform.parse("linux/s390x")));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertTrue(missing.getMessage().contains("linux/s390x"), missing.getMessage());
    }

    @Test
    void selectsThePlatformOfADockerManifestList() throws Exception {
        TestImage amd64 = TestImage.pushDocker(registry, "apps/list", "amd64", 400);
        Descriptor list = TestImage.pushIndex(registry, "apps/list", "latest", MediaTypes.DOCKER_MANIFEST_LIST,
                List.of(amd64), List.of("linux/amd64"));

        Resolved resolved = client.resolve(registry.host() + "/apps/list:latest", PLAIN);

        assertEquals(list, resolved.root());
        assertEquals(amd64.manifest(), client.manifest(resolved, new Platform("linux", "amd64", "")));
    }

    @Test
    void resumesABlobFromAnOffset() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/resume", "1", "amd64", 200_000);
        Resolved resolved = client.resolve(registry.host() + "/apps/resume:1", PLAIN);
        byte[] whole = image.layerContents().getFirst();

        byte[] rest = read(client.fetch(resolved, image.layers().getFirst(), 123_456));

        assertArrayEquals(Arrays.copyOfRange(whole, 123_456, whole.length), rest);
    }

    @Test
    void resumesAManifestWhoseRangeTheRegistryIgnores() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/resume-manifest", "1", "amd64", 100);
        Resolved resolved = client.resolve(registry.host() + "/apps/resume-manifest:1", PLAIN);
        byte[] whole = read(client.fetch(resolved, image.manifest()));

        byte[] rest = read(client.fetch(resolved, image.manifest(), 10));

        assertArrayEquals(Arrays.copyOfRange(whole, 10, whole.length), rest);
    }

    @Test
    void refusesABlobWhoseBytesTheRegistryChanged() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/lying", "1", "amd64", 50_000);
        Resolved resolved = client.resolve(registry.host() + "/apps/lying:1", PLAIN);
        Descriptor layer = image.layers().getFirst();
        Path stored = registry.blobFile(layer.digest());
        byte[] corrupted = Files.readAllBytes(stored);
        corrupted[corrupted.length / 2] ^= 0x5a;
        Files.write(stored, corrupted);

        BerthException lie = assertThrows(BerthException.class, () -> read(client.fetch(resolved, layer)));

        assertEquals(ErrorKind.DATA_LOSS, lie.kind());
        assertTrue(lie.getMessage().contains("registry sent sha256:"), lie.getMessage());
        assertTrue(lie.getMessage().contains("expected " + layer.digest()), lie.getMessage());
    }

    @Test
    void refusesABlobLongerThanItsDescriptor() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/short-descriptor", "1", "amd64", 10_000);
        Resolved resolved = client.resolve(registry.host() + "/apps/short-descriptor:1", PLAIN);
        Descriptor layer = image.layers().getFirst();
        Descriptor understated = new Descriptor(layer.mediaType(), layer.digest(), layer.size() - 1, Map.of());

        BerthException lie = assertThrows(BerthException.class, () -> read(client.fetch(resolved, understated)));

        assertEquals(ErrorKind.DATA_LOSS, lie.kind());
        assertTrue(lie.getMessage().contains("expected " + (layer.size() - 1) + " bytes"), lie.getMessage());
    }

    @Test
    void unknownTagIsNotFound() {
        BerthException missing = assertThrows(BerthException.class,
                () -> client.resolve(registry.host() + "/apps/nothing:here", PLAIN));

        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertTrue(missing.getMessage().contains("apps/nothing:here"), missing.getMessage());
    }

    @Test
    void offsetBeyondTheBlobIsOutOfRange() throws Exception {
        TestImage image = TestImage.pushOci(registry, "apps/range", "1", "amd64", 100);
        Resolved resolved = client.resolve(registry.host() + "/apps/range:1", PLAIN);

        BerthException beyond = assertThrows(BerthException.class,
                () -> client.fetch(resolved, image.config(), image.config().size() + 1));

        assertEquals(ErrorKind.OUT_OF_RANGE, beyond.kind());
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
