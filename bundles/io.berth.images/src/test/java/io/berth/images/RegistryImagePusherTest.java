package io.berth.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PullOptions;
import io.berth.api.images.PushOptions;
import io.berth.api.images.PushProgress;
import io.berth.api.images.PushProgress.State;
import io.berth.api.metadata.Image;
import io.berth.api.remotes.Platform;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.content.local.LocalContentStore;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.remotes.RegistryClient;

/**
 * Pushes images pulled (without unpacking) from the real docker-registry into a real SQLite metadata store and
 * local content store back to other repositories of that registry, and reads the result with the registry client.
 */
class RegistryImagePusherTest {
    private static final String NAMESPACE = "pushing";
    private static final PullOptions PULL = PullOptions.defaults().withPlatform(new Platform("linux", "amd64", ""))
            .withPlainHttp(true).withUnpack(false);
    private static final PushOptions PUSH = PushOptions.defaults().withPlainHttp(true);

    @TempDir
    Path dir;

    private TestRegistry registry;
    private SqliteDatabase metadata;
    private RegistryClient client;
    private RegistryImagePuller puller;
    private RegistryImagePusher pusher;

    @BeforeEach
    void start() throws Exception {
        registry = TestRegistry.start(dir.resolve("registry"));
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        LocalContentStore store = new LocalContentStore(dir.resolve("content"));
        client = new RegistryClient(Files.createDirectories(dir.resolve("certs.d")), Clock.systemUTC());
        puller = new RegistryImagePuller(client, client, store, metadata, null, null, 1, Clock.systemUTC());
        pusher = new RegistryImagePusher(client, store, metadata);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (metadata != null) {
            metadata.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pulledImagePushedToAnotherRepositoryMountsItsBlobsAndResolvesToTheSameManifest() throws Exception {
        LayeredImage original = LayeredImage.push(registry, "apps/source", "v1");
        Image pulled = puller.pull(NAMESPACE, registry.host() + "/apps/source:v1", PULL, progress -> { });
        List<PushProgress> heard = Collections.synchronizedList(new ArrayList<>());

        Descriptor root = pusher.push(NAMESPACE, pulled.name(), registry.host() + "/apps/copy:v2", PUSH, heard::add);

        assertEquals(original.manifest().digest(), root.digest());
        Resolved resolved = client.resolve(registry.host() + "/apps/copy:v2", ResolveOptions.defaults().withPlainHttp(true));
        assertEquals(original.manifest().digest(), resolved.root().digest());
        for (Descriptor layer : original.layers()) {
            assertEquals(State.MOUNTED, last(heard, layer), "layer " + layer.digest() + " came from apps/source");
        }
        assertEquals(State.PUSHED, last(heard, original.manifest()));
        assertEquals(original.manifest().digest(), heard.getLast().blob().digest(), "the root goes last");
        String sources = metadata.read(tx -> tx.contents().get(NAMESPACE, original.layers().getFirst().digest()))
                .labels().get(DistributionSources.PREFIX + registry.host());
        assertEquals("apps/source,apps/copy", sources);
    }

    @Test
    void secondPushSendsNothing() throws Exception {
        LayeredImage.push(registry, "apps/again", "v1");
        Image pulled = puller.pull(NAMESPACE, registry.host() + "/apps/again:v1", PULL, progress -> { });
        String target = registry.host() + "/apps/again-copy:v1";
        pusher.push(NAMESPACE, pulled.name(), target, PUSH, progress -> { });
        List<PushProgress> heard = Collections.synchronizedList(new ArrayList<>());

        pusher.push(NAMESPACE, pulled.name(), target, PUSH, heard::add);

        assertTrue(heard.stream().allMatch(progress -> progress.state() == State.EXISTS), heard.toString());
    }

    @Test
    void indexPushedForOnePlatformPushesThatManifestAsTheRoot() throws Exception {
        LayeredImage amd64 = LayeredImage.push(registry, "apps/multi", "amd64", "amd64");
        LayeredImage arm64 = LayeredImage.push(registry, "apps/multi", "arm64", "arm64");
        LayeredImage.pushIndex(registry, "apps/multi", "v1", List.of(amd64, arm64), List.of("amd64", "arm64"));
        Image pulled = puller.pull(NAMESPACE, registry.host() + "/apps/multi:v1", PULL, progress -> { });

        BerthException whole = assertThrows(BerthException.class, () -> pusher.push(NAMESPACE, pulled.name(),
                registry.host() + "/apps/multi-copy:v1", PUSH, progress -> { }));
        assertEquals(ErrorKind.NOT_FOUND, whole.kind());
        assertTrue(whole.getMessage().contains(arm64.manifest().digest().toString()), whole.getMessage());

        Descriptor root = pusher.push(NAMESPACE, pulled.name(), registry.host() + "/apps/multi-copy:v1",
                PUSH.withPlatform(new Platform("linux", "amd64", "")), progress -> { });

        assertEquals(amd64.manifest().digest(), root.digest());
        assertEquals(amd64.manifest().digest(), client.resolve(registry.host() + "/apps/multi-copy:v1",
                ResolveOptions.defaults().withPlainHttp(true)).root().digest());
    }

    @Test
    void unknownImageIsNotFound() {
        BerthException missing = assertThrows(BerthException.class, () -> pusher.push(NAMESPACE, "nonesuch:1",
                registry.host() + "/apps/none:1", PUSH, progress -> { }));

        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
    }

    private static State last(List<PushProgress> heard, Descriptor blob) {
        return heard.stream().filter(progress -> progress.blob().digest().equals(blob.digest()))
                .reduce((first, second) -> second).orElseThrow().state();
    }
}
