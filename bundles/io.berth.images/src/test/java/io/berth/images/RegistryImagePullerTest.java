package io.berth.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.Event;
import io.berth.api.images.PullOptions;
import io.berth.api.images.PullProgress;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.IngestRefs;
import io.berth.api.plugin.Plugin;
import io.berth.api.remotes.Fetcher;
import io.berth.api.remotes.Platform;
import io.berth.api.remotes.ResolveOptions;
import io.berth.api.remotes.Resolved;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.content.local.LocalContentStore;
import io.berth.diff.WalkingDiffer;
import io.berth.linux.Posix;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.events.SnapshotPrepare;
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

    private final List<Event> events = new CopyOnWriteArrayList<>();
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
        snapshots = new NamespacedSnapshotService(metadata, events::add);
        snapshots.addSnapshotter(new NativeSnapshotter(metadata, dir.resolve("native")), Map.of(Plugin.ID, "native"));
        client = new RegistryClient(Files.createDirectories(dir.resolve("certs.d")), Clock.systemUTC());
        puller = puller(client);
    }

    private RegistryImagePuller puller(Fetcher fetcher) {
        return new RegistryImagePuller(client, fetcher, store, metadata, snapshots,
                new SnapshotApplier(new WalkingDiffer(1L << 30), daemon(dir)), 3, Clock.systemUTC());
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

    private Snapshotter addOverlay(boolean canRebase) throws IOException {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\toverlay"),
                "the kernel has no overlay filesystem");
        Snapshotter overlay = new OverlaySnapshotter(metadata, Files.createDirectories(dir.resolve("overlayfs")),
                List.of());
        snapshots.addSnapshotter(overlay, canRebase ? Map.of(Plugin.ID, "overlayfs", Plugin.CAPABILITIES,
                new String[] {Snapshotter.CAPABILITY_REBASE}) : Map.of(Plugin.ID, "overlayfs"));
        return overlay;
    }

    @Test
    void parallelUnpackIntoOverlayGivesTheTreeASequentialNativeUnpackGives() throws Exception {
        addOverlay(true);
        List<byte[]> tars = LayeredImage.rewritingLayers();
        LayeredImage pushed = LayeredImage.push(registry, "apps/rewriting", "v1", "amd64", tars, diffIds(tars));
        String reference = registry.host() + "/apps/rewriting:v1";

        puller.pull("parallel", reference, options("overlayfs"), progress -> { });
        puller.pull("sequential", reference, options("native"), progress -> { });

        List<String> chain = ChainIds.of(pushed.diffIds()).stream().map(Digest::toString).toList();
        for (int i = 0; i < chain.size(); i++) {
            assertEquals(i == 0 ? "" : chain.get(i - 1), snapshots.stat("parallel", "overlayfs", chain.get(i))
                    .parent(), "layer " + i + " is committed onto the one below");
        }
        assertEquals(List.of("", "", ""), preparedParents("parallel"), "the layers were applied side by side");
        assertEquals(List.of("", chain.get(0), chain.get(1)), preparedParents("sequential"));
        assertEquals(List.of(), extractionSnapshots("parallel", "overlayfs"));

        Map<String, String> parallel = tree("parallel", "overlayfs", chain.getLast());
        assertEquals(tree("sequential", "native", chain.getLast()), parallel);
        assertEquals("file 644 back", parallel.get("etc/gone"), "made again above its whiteout");
        assertEquals("file 644 two", parallel.get("etc/hello"));
        assertEquals("file 644 d", parallel.get("dir/d"));
        assertFalse(parallel.containsKey("dir/a"), "the opaque directory hides what was below it");
        assertFalse(parallel.containsKey("dir/c"), "whited out by the top layer");
        assertFalse(parallel.containsKey("bin/tool"), "whited out by the top layer");
    }

    @Test
    void aLayerOfAnotherDiffIdFailsTheParallelUnpackAndLeavesNoExtractionSnapshot() throws Exception {
        Snapshotter overlay = addOverlay(true);
        List<byte[]> tars = LayeredImage.rewritingLayers();
        List<Digest> lying = new ArrayList<>(diffIds(tars));
        lying.set(1, Digest.compute(DigestAlgorithm.SHA256, "another layer".getBytes(StandardCharsets.UTF_8)));
        LayeredImage pushed = LayeredImage.push(registry, "apps/wrong", "v1", "amd64", tars, lying);

        BerthException failure = assertThrows(BerthException.class, () -> puller.pull(NAMESPACE,
                registry.host() + "/apps/wrong:v1", options("overlayfs"), progress -> { }));

        assertEquals(ErrorKind.FAILED_PRECONDITION, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains(pushed.layers().get(1).digest().toString()), failure.getMessage());
        assertEquals(List.of(), extractionSnapshots(NAMESPACE, "overlayfs"));
        // Unnamed, the backend's extraction snapshots are garbage, as in containerd.
        snapshots.cleanup("overlayfs");
        overlay.walk(info -> true, info -> assertEquals(Kind.COMMITTED, info.kind(), info.name()));
        assertTrue(metadata.read(tx -> tx.leases().list(NAMESPACE)).isEmpty(), "the pull's lease is gone");
        assertTrue(metadata.read(tx -> tx.images().list(NAMESPACE)).isEmpty(), "no image is recorded");
    }

    @Test
    void aLayerIsAppliedWhileItDownloads() throws Exception {
        addOverlay(true);
        LayeredImage pushed = LayeredImage.pushWithLargeFile(registry, "apps/streamed", "v1", 1 << 20);
        Descriptor large = pushed.layers().getLast();
        AtomicBoolean appliedBeforeLastByte = new AtomicBoolean();
        RegistryImagePuller holdingBack = puller(new Fetcher() {
            @Override
            public InputStream fetch(Resolved resolved, Descriptor descriptor, long offset) {
                InputStream body = client.fetch(resolved, descriptor, offset);
                return descriptor.equals(large) ? new HoldingBackLastByte(body, descriptor.size() - offset,
                        () -> appliedBeforeLastByte.set(awaitFileUnder(dir.resolve("overlayfs"), "bin/tool")))
                        : body;
            }

            @Override
            public Descriptor manifest(Resolved resolved, Platform platform) {
                return client.manifest(resolved, platform);
            }
        });

        holdingBack.pull(NAMESPACE, registry.host() + "/apps/streamed:v1", options("overlayfs"), progress -> { });

        assertTrue(appliedBeforeLastByte.get(), "the layer's files were written before its last byte came");
        assertEquals(Kind.COMMITTED, snapshots.stat(NAMESPACE, "overlayfs",
                ChainIds.of(pushed.diffIds()).getLast().toString()).kind());
        assertEquals(List.of(), extractionSnapshots(NAMESPACE, "overlayfs"));
    }

    /**
     * Waits until a file ending in {@code name} is somewhere under {@code root}; gives up after a minute, which
     * only a layer that is not applied as it downloads takes.
     */
    private static boolean awaitFileUnder(Path root, String name) {
        for (int tries = 0; tries < 6000; tries++) {
            try (Stream<Path> files = Files.walk(root)) {
                if (files.anyMatch(file -> file.endsWith(name))) {
                    return true;
                }
                Thread.sleep(10);
            } catch (IOException e) {
                // A snapshot directory removed while walked: look again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** A download that holds back its last byte until {@code beforeLast} has run. */
    private static final class HoldingBackLastByte extends FilterInputStream {
        private final Runnable beforeLast;
        private long remaining;

        HoldingBackLastByte(InputStream in, long size, Runnable beforeLast) {
            super(in);
            this.remaining = size;
            this.beforeLast = beforeLast;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (remaining == 1) {
                beforeLast.run();
            }
            int read = super.read(into, offset, (int) Math.min(length, Math.max(1, remaining - 1)));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }
    }

    @Test
    void aLayerOfAnotherDigestFailsTheParallelUnpackWithTheDownloadsErrorAndLeavesNothing() throws Exception {
        addOverlay(true);
        LayeredImage pushed = LayeredImage.pushWithLargeFile(registry, "apps/lying-fast", "v1", 1 << 20);
        Descriptor large = pushed.layers().getLast();
        Path blob = registry.blobFile(large.digest());
        byte[] other = Files.readAllBytes(blob);
        other[other.length / 2] ^= 0x5a;
        Files.write(blob, other);

        BerthException failure = assertThrows(BerthException.class, () -> puller.pull(NAMESPACE,
                registry.host() + "/apps/lying-fast:v1", options("overlayfs"), progress -> { }));

        assertEquals(ErrorKind.DATA_LOSS, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains(large.digest().toString()), failure.getMessage());
        assertEquals(List.of(), extractionSnapshots(NAMESPACE, "overlayfs"));
        String top = ChainIds.of(pushed.diffIds()).getLast().toString();
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class,
                () -> snapshots.stat(NAMESPACE, "overlayfs", top)).kind(), "the lying layer is not committed");
        assertTrue(metadata.read(tx -> tx.leases().list(NAMESPACE)).isEmpty(), "the pull's lease is gone");
        assertTrue(metadata.read(tx -> tx.images().list(NAMESPACE)).isEmpty(), "no image is recorded");
        assertTrue(store.listStatuses(status -> true).isEmpty(), "no ingest is left");
    }

    @Test
    void aPullResumesTheIngestAnInterruptedPullLeftAndFetchesOnlyTheRest() throws Exception {
        LayeredImage pushed = LayeredImage.pushWithLargeFile(registry, "apps/resumed", "v1", 1 << 20);
        String reference = registry.host() + "/apps/resumed:v1";
        Descriptor layer = pushed.layers().getLast();
        byte[] bytes = layerBytes(reference, layer);
        int half = bytes.length / 2;
        try (ContentWriter interrupted = store.writer(ingestOf(layer), layer.size(), null)) {
            interrupted.write(bytes, 0, half);
        }
        Map<Digest, Long> offsets = new ConcurrentHashMap<>();

        puller(recordingOffsets(offsets)).pull(NAMESPACE, reference, options("native"), progress -> { });

        assertEquals(half, offsets.get(layer.digest()), "offset of the resumed fetch");
        assertEquals(0L, offsets.get(pushed.layers().getFirst().digest()));
        assertEquals(layer.size(), store.info(layer.digest()).size());
        assertEquals(List.of(), store.listStatuses(status -> true), "ingests left");
    }

    @Test
    void anIngestThatResumesIntoOtherBytesFailsThePullAndTheNextPullFetchesTheBlobWhole() throws Exception {
        LayeredImage pushed = LayeredImage.pushWithLargeFile(registry, "apps/spoiled", "v1", 1 << 20);
        String reference = registry.host() + "/apps/spoiled:v1";
        Descriptor layer = pushed.layers().getLast();
        try (ContentWriter spoiled = store.writer(ingestOf(layer), layer.size(), null)) {
            spoiled.write(new byte[4096], 0, 4096);
        }

        BerthException refused = assertThrows(BerthException.class,
                () -> puller.pull(NAMESPACE, reference, options("native"), progress -> { }));
        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind(), refused.getMessage());
        assertEquals(List.of(), store.listStatuses(status -> true), "the spoiled ingest is dropped");

        Map<Digest, Long> offsets = new ConcurrentHashMap<>();
        puller(recordingOffsets(offsets)).pull(NAMESPACE, reference, options("native"), progress -> { });
        assertEquals(0L, offsets.get(layer.digest()));
        assertEquals(layer.size(), store.info(layer.digest()).size());
    }

    private static String ingestOf(Descriptor blob) {
        return IngestRefs.toStore(NAMESPACE, "pull-" + blob.digest());
    }

    private byte[] layerBytes(String reference, Descriptor layer) throws IOException {
        Resolved resolved = client.resolve(reference, ResolveOptions.defaults().withPlainHttp(true));
        try (InputStream in = client.fetch(resolved, layer)) {
            return in.readAllBytes();
        }
    }

    /** The registry client, noting the offset each blob was fetched from last. */
    private Fetcher recordingOffsets(Map<Digest, Long> offsets) {
        return new Fetcher() {
            @Override
            public InputStream fetch(Resolved resolved, Descriptor descriptor, long offset) {
                offsets.put(descriptor.digest(), offset);
                return client.fetch(resolved, descriptor, offset);
            }

            @Override
            public Descriptor manifest(Resolved resolved, Platform platform) {
                return client.manifest(resolved, platform);
            }
        };
    }

    @Test
    void twoPullsOfOneImageAtOnceIntoTwoNamespacesFetchEachLayerOnceAndBothComplete() throws Exception {
        addOverlay(true);
        List<byte[]> tars = LayeredImage.rewritingLayers();
        LayeredImage pushed = LayeredImage.push(registry, "apps/shared", "v1", "amd64", tars, diffIds(tars));
        Map<Digest, AtomicInteger> fetched = new ConcurrentHashMap<>();
        RegistryImagePuller counting = puller(new Fetcher() {
            @Override
            public InputStream fetch(Resolved resolved, Descriptor descriptor, long offset) {
                fetched.computeIfAbsent(descriptor.digest(), digest -> new AtomicInteger()).incrementAndGet();
                return client.fetch(resolved, descriptor, offset);
            }

            @Override
            public Descriptor manifest(Resolved resolved, Platform platform) {
                return client.manifest(resolved, platform);
            }
        });

        List<PullProgress> progress = new CopyOnWriteArrayList<>();
        pullAtOnce(counting, registry.host() + "/apps/shared:v1", List.of("team-a", "team-b"), progress);

        for (Descriptor layer : pushed.layers()) {
            assertEquals(1, fetched.get(layer.digest()).get(), "fetches of " + layer.digest());
        }
        String top = ChainIds.of(pushed.diffIds()).getLast().toString();
        for (String namespace : List.of("team-a", "team-b")) {
            assertEquals(Kind.COMMITTED, snapshots.stat(namespace, "overlayfs", top).kind());
            assertEquals(pushed.manifest(), metadata.read(tx -> tx.images().get(namespace,
                    registry.host() + "/apps/shared:v1")).target());
        }
    }

    @Test
    void twoPullsOfOneImageAtOnceIntoOneNamespaceApplyEachLayerOnce() throws Exception {
        addOverlay(true);
        List<byte[]> tars = LayeredImage.rewritingLayers();
        LayeredImage pushed = LayeredImage.push(registry, "apps/once", "v1", "amd64", tars, diffIds(tars));
        List<PullProgress> progress = new CopyOnWriteArrayList<>();

        pullAtOnce(puller, registry.host() + "/apps/once:v1", List.of(NAMESPACE, NAMESPACE), progress);

        assertEquals(3, progress.stream().filter(p -> p.state() == PullProgress.State.UNPACKING).count(), "applies");
        assertEquals(Kind.COMMITTED, snapshots.stat(NAMESPACE, "overlayfs",
                ChainIds.of(pushed.diffIds()).getLast().toString()).kind());
        assertEquals(List.of(), extractionSnapshots(NAMESPACE, "overlayfs"));
    }

    /** Starts a pull into each namespace at the same time and waits for all; the first failure is thrown. */
    private void pullAtOnce(RegistryImagePuller puller, String reference, List<String> namespaces,
                            List<PullProgress> progress) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> pulls = new ArrayList<>();
        for (String namespace : namespaces) {
            pulls.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    puller.pull(namespace, reference, options("overlayfs"), progress::add);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread pull : pulls) {
            pull.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a pull failed", failures.getFirst());
        }
    }

    private static List<Digest> diffIds(List<byte[]> tars) {
        return tars.stream().map(tar -> Digest.compute(DigestAlgorithm.SHA256, tar)).toList();
    }

    /** The parents of the snapshots the pulls prepared in the namespace, in order. */
    private List<String> preparedParents(String namespace) throws IOException {
        List<String> parents = new ArrayList<>();
        for (Event event : events) {
            if (event.namespace().equals(namespace) && event.topic().equals("/snapshot/prepare")) {
                parents.add(SnapshotPrepare.parseFrom(event.payload()).getParent());
            }
        }
        return parents;
    }

    private List<String> extractionSnapshots(String namespace, String snapshotter) {
        List<String> names = new ArrayList<>();
        snapshots.list(namespace, snapshotter, info -> info.name().startsWith("extract-"),
                info -> names.add(info.name()));
        return names;
    }

    /** Every entry of a view of {@code top}: its type, mode and content or target. */
    private Map<String, String> tree(String namespace, String snapshotter, String top) throws IOException {
        List<Mount> view = snapshots.view(namespace, snapshotter, Optional.empty(), "tree-" + namespace, top,
                Map.of());
        Path target = Files.createDirectories(dir.resolve("tree-" + namespace));
        mount(view, target);
        try (Stream<Path> entries = Files.walk(target)) {
            Map<String, String> tree = new TreeMap<>();
            for (Path entry : entries.filter(entry -> !entry.equals(target)).toList()) {
                int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                String kind = Files.isSymbolicLink(entry) ? "link " + Files.readSymbolicLink(entry)
                        : Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
                String content = kind.equals("file") ? " " + Files.readString(entry) : "";
                tree.put(target.relativize(entry).toString(), kind + " " + Integer.toOctalString(mode) + content);
            }
            return tree;
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
