package io.berth.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PullOptions;
import io.berth.api.images.PullProgress;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.plugin.Plugin;
import io.berth.api.remotes.Platform;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.content.local.LocalContentStore;
import io.berth.diff.WalkingDiffer;
import io.berth.linux.Posix;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.remotes.RegistryClient;
import io.berth.services.diff.SnapshotApplier;
import io.berth.services.snapshots.NamespacedSnapshotService;
import io.berth.snapshots.nativefs.NativeSnapshotter;
import io.berth.snapshots.overlayfs.OverlaySnapshotter;

/**
 * Pulls from the real docker-registry into a real SQLite metadata store, local content store and the native and
 * overlayfs snapshotters, applying layers through real mounts: as root only.
 */
class RegistryImagePullerTest {
    private static final String NAMESPACE = "pulling";

    @TempDir
    Path dir;

    private TestRegistry registry;
    private SqliteDatabase metadata;
    private LocalContentStore store;
    private NamespacedSnapshotService snapshots;
    private RegistryClient client;
    private RegistryImagePuller puller;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "unpacking mounts snapshots: mount(2) needs root");
        registry = TestRegistry.start(dir.resolve("registry"));
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        store = new LocalContentStore(dir.resolve("content"));
        snapshots = new NamespacedSnapshotService(metadata, event -> { });
        snapshots.addSnapshotter(new NativeSnapshotter(metadata, dir.resolve("native")), Map.of(Plugin.ID, "native"));
        client = new RegistryClient(Files.createDirectories(dir.resolve("certs.d")), Clock.systemUTC());
        puller = new RegistryImagePuller(client, client, store, metadata, snapshots,
                new SnapshotApplier(new WalkingDiffer(1L << 30), daemon(dir)));
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

    private static PullOptions options(String snapshotter) {
        return PullOptions.defaults().withPlatform(new Platform("linux", "amd64", "")).withPlainHttp(true)
                .withSnapshotter(snapshotter);
    }

    @Test
    void pullRecordsTheImageAndCommitsItsChainWithWhiteoutsHonoured() throws Exception {
        pullsAndUnpacks("native");
    }

    @Test
    void pullIntoOverlayAppliesWhiteoutsInTheUpperDirectory() throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\toverlay"),
                "the kernel has no overlay filesystem");
        Snapshotter overlay = new OverlaySnapshotter(metadata, Files.createDirectories(dir.resolve("overlayfs")),
                List.of());
        snapshots.addSnapshotter(overlay, Map.of(Plugin.ID, "overlayfs"));
        pullsAndUnpacks("overlayfs");
    }

    private void pullsAndUnpacks(String snapshotter) throws Exception {
        LayeredImage pushed = LayeredImage.push(registry, "apps/layered", "v1");
        String reference = registry.host() + "/apps/layered:v1";

        Image image = puller.pull(NAMESPACE, reference, options(snapshotter), progress -> { });

        assertEquals(reference, image.name());
        assertEquals(pushed.manifest().digest(), metadata.read(tx -> tx.images().get(NAMESPACE, reference))
                .target().digest());
        List<Digest> chain = ChainIds.of(pushed.diffIds());
        assertEquals(Kind.COMMITTED, snapshots.stat(NAMESPACE, snapshotter, chain.get(0).toString()).kind());
        assertEquals(chain.get(0).toString(), snapshots.stat(NAMESPACE, snapshotter, chain.get(1).toString()).parent());
        assertEquals(chain.get(1).toString(), metadata.read(tx -> tx.contents().get(NAMESPACE,
                pushed.config().digest())).labels().get(GcLabels.REF_SNAPSHOT + snapshotter));
        Map<String, String> manifestLabels = metadata.read(tx -> tx.contents().get(NAMESPACE,
                pushed.manifest().digest())).labels();
        assertEquals(pushed.config().digest().toString(), manifestLabels.get("containerd.io/gc.ref.content.config"));
        assertEquals(pushed.layers().get(1).digest().toString(),
                manifestLabels.get("containerd.io/gc.ref.content.l.1"));
        assertEquals(pushed.diffIds().get(1).toString(), metadata.read(tx -> tx.contents().get(NAMESPACE,
                pushed.layers().get(1).digest())).labels().get(LayerUnpacker.UNCOMPRESSED));
        assertTrue(metadata.read(tx -> tx.leases().list(NAMESPACE)).isEmpty(), "the pull's lease is gone");

        List<Mount> view = snapshots.view(NAMESPACE, snapshotter, Optional.empty(), "check",
                chain.get(1).toString(), Map.of());
        Path target = Files.createDirectories(dir.resolve("view"));
        mount(view, target);
        try {
            assertEquals("two", Files.readString(target.resolve("etc/hello")));
            assertEquals("#!/bin/sh\n", Files.readString(target.resolve("bin/tool")));
            assertFalse(Files.exists(target.resolve("etc/gone")), "the whiteout deleted etc/gone");
            assertFalse(Files.exists(target.resolve("etc/.wh.gone")), "the whiteout is not a file");
        } finally {
            Posix.umount2(target, Posix.MNT_DETACH);
        }
    }

    @Test
    void pullOfAnIndexKeepsThePlatformsManifestOnly() throws Exception {
        LayeredImage arm = LayeredImage.push(registry, "apps/multi", "arm64", "arm64");
        LayeredImage amd = LayeredImage.push(registry, "apps/multi", "amd64", "amd64");
        Descriptor index = LayeredImage.pushIndex(registry, "apps/multi", "v1", List.of(arm, amd),
                List.of("arm64", "amd64"));
        String reference = registry.host() + "/apps/multi:v1";

        Image image = puller.pull(NAMESPACE, reference, options("native"), progress -> { });

        assertEquals(index, image.target());
        assertEquals(amd.manifest().digest().toString(), metadata.read(tx -> tx.contents().get(NAMESPACE,
                index.digest())).labels().get("containerd.io/gc.ref.content.m.0"));
        assertTrue(hasContent(amd.config().digest()), "the platform's config is fetched");
        assertFalse(hasContent(arm.manifest().digest()), "another platform's manifest is not fetched");
        String top = ChainIds.of(amd.diffIds()).getLast().toString();
        assertEquals(Kind.COMMITTED, snapshots.stat(NAMESPACE, "native", top).kind());
    }

    private boolean hasContent(Digest digest) {
        return metadata.read(tx -> tx.contents().list(NAMESPACE)).stream()
                .anyMatch(info -> info.digest().equals(digest));
    }

    @Test
    void secondPullFetchesNothingAndUnpacksNothing() throws Exception {
        LayeredImage pushed = LayeredImage.push(registry, "apps/again", "v1");
        String reference = registry.host() + "/apps/again:v1";
        puller.pull(NAMESPACE, reference, options("native"), progress -> { });

        Set<PullProgress.State> states = ConcurrentHashMap.newKeySet();
        puller.pull(NAMESPACE, reference, options("native"), progress -> states.add(progress.state()));

        assertEquals(Set.of(PullProgress.State.EXISTS, PullProgress.State.UNPACKED), states);
        assertEquals(pushed.manifest(), metadata.read(tx -> tx.images().get(NAMESPACE, reference)).target());
    }

    @Test
    void downloadProgressComesEveryMebibyteNotEveryRead() throws Exception {
        LayeredImage pushed = LayeredImage.pushWithLargeFile(registry, "apps/large", "v1", 4 << 20);
        Descriptor large = pushed.layers().get(1);
        List<PullProgress> fetching = new CopyOnWriteArrayList<>();
        puller.pull(NAMESPACE, registry.host() + "/apps/large:v1", options("native"), progress -> {
            if (progress.state() == PullProgress.State.FETCHING && progress.blob().equals(large)) {
                fetching.add(progress);
            }
        });

        assertTrue(large.size() > 2 << 20, "the layer is several MiB: " + large.size());
        assertFalse(fetching.isEmpty(), "the first read is reported");
        assertTrue(fetching.size() <= large.size() / (1 << 20) + 1, fetching.size() + " reports");
        for (int i = 1; i < fetching.size(); i++) {
            assertTrue(fetching.get(i).done() - fetching.get(i - 1).done() >= 1 << 20,
                    "a MiB or more between reports: " + fetching.get(i - 1).done() + ", " + fetching.get(i).done());
        }
    }

    @Test
    void layerOfAnotherDigestFailsThePullAndLeavesNoLeaseImageOrIngest() throws Exception {
        LayeredImage pushed = LayeredImage.push(registry, "apps/lying", "v1");
        Path blob = registry.blobFile(pushed.layers().get(1).digest());
        byte[] other = Files.readAllBytes(blob);
        other[other.length / 2] ^= 0x5a;
        Files.write(blob, other);
        String reference = registry.host() + "/apps/lying:v1";

        BerthException failure = assertThrows(BerthException.class,
                () -> puller.pull(NAMESPACE, reference, options("native"), progress -> { }));

        assertEquals(ErrorKind.DATA_LOSS, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains(pushed.layers().get(1).digest().toString()), failure.getMessage());
        assertTrue(metadata.read(tx -> tx.leases().list(NAMESPACE)).isEmpty(), "the pull's lease is gone");
        assertTrue(metadata.read(tx -> tx.images().list(NAMESPACE)).isEmpty(), "no image is recorded");
        assertTrue(store.listStatuses(status -> true).isEmpty(), "no ingest is left");
    }

    @Test
    void unknownSnapshotterIsRefusedBeforeAnythingIsFetched() throws Exception {
        LayeredImage.push(registry, "apps/nowhere", "v1");

        BerthException failure = assertThrows(BerthException.class, () -> puller.pull(NAMESPACE,
                registry.host() + "/apps/nowhere:v1", options("zfs"), progress -> { }));

        assertEquals(ErrorKind.INVALID_ARGUMENT, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains("zfs"), failure.getMessage());
        assertTrue(metadata.read(tx -> tx.contents().list(NAMESPACE)).isEmpty(), "nothing is fetched");
    }

    private static void mount(List<Mount> mounts, Path target) throws IOException {
        assertEquals(1, mounts.size(), "one mount: " + mounts);
        Mount mount = mounts.getFirst();
        if (mount.type().equals("overlay")) {
            List<String> data = mount.options().stream().filter(o -> !o.equals("ro") && !o.equals("rw")).toList();
            Posix.mount(mount.source(), target, "overlay", Posix.MS_RDONLY, String.join(",", data));
        } else {
            Posix.mount(mount.source(), target, null, Posix.MS_BIND | Posix.MS_REC, null);
        }
    }

    private static Daemon daemon(Path dir) {
        return new Daemon() {
            @Override
            public String version() {
                return "test";
            }

            @Override
            public String revision() {
                return "";
            }

            @Override
            public Path root() {
                return dir.resolve("root");
            }

            @Override
            public Path state() {
                return dir.resolve("state");
            }
        };
    }
}
