package io.berth.services.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.diff.LayerApplier;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.content.local.LocalContentStore;
import io.berth.diff.WalkingDiffer;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.services.diff.v1.ApplyRequest;
import io.berth.proto.containerd.services.diff.v1.DiffGrpc;
import io.berth.proto.containerd.services.diff.v1.DiffRequest;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Mount;
import io.berth.services.TestDaemon;
import io.berth.services.events.TestBus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** The diff service over the real gRPC server, with bind mounts of temporary directories as the snapshots. */
class DiffServiceTest {
    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore store;
    private TestGrpcServer server;
    private Path snapshot;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "Apply mounts the snapshot: mount(2) needs root");
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        store = new LocalContentStore(dir.resolve("content"));
        snapshot = Files.createDirectories(dir.resolve("snapshot"));
        WalkingDiffer walking = new WalkingDiffer(1L << 30);
        server = TestGrpcServer.start(dir.resolve("berth.sock"), new DiffService(store, metadata, TestBus.start(),
                new SnapshotApplier(walking, new TestDaemon(dir)), new SnapshotDiffer(walking, new TestDaemon(dir))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            metadata.close();
        }
    }

    private Digest ingest(String namespace, byte[] blob) {
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, blob);
        try (ContentWriter writer = store.writer("test-" + digest.hex(), blob.length, null)) {
            writer.write(blob);
            writer.commit(blob.length, digest);
        }
        metadata.write(tx -> tx.contents().add(namespace, digest, blob.length, Map.of()));
        return digest;
    }

    private DiffGrpc.DiffBlockingStub diff(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return DiffGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private ApplyRequest applyRequest(Digest digest, String mediaType, Mount... mounts) {
        return ApplyRequest.newBuilder()
                .setDiff(Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest.toString()))
                .addAllMounts(List.of(mounts)).build();
    }

    private Mount bind(Path source) {
        return Mount.newBuilder().setType("bind").setSource(source.toString())
                .addAllOptions(List.of("rbind", "rw")).build();
    }

    private Path mountsDir() {
        return dir.resolve("state/io.containerd.grpc.v1.diff");
    }

    private void assertNoMountLeft() throws IOException {
        try (Stream<Path> left = Files.list(mountsDir())) {
            assertEquals(List.of(), left.toList(), "the temporary mount point is unmounted and removed");
        }
    }

    @Test
    void aGzipLayerIsAppliedThroughABindMountAndAnsweredAsItsUncompressedTar() throws IOException {
        byte[] tar = new TarLayer().file("etc/hostname", "berth\n").file("bin/tool", "#!/bin/sh\n").tar();
        Digest digest = ingest("default", TarLayer.gzip(tar));

        Descriptor applied = diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR_GZIP, bind(snapshot)))
                .getApplied();

        assertEquals(LayerApplier.OCI_TAR, applied.getMediaType());
        assertEquals(Digest.compute(DigestAlgorithm.SHA256, tar).toString(), applied.getDigest());
        assertEquals(tar.length, applied.getSize());
        assertEquals("berth\n", Files.readString(snapshot.resolve("etc/hostname")));
        assertEquals("#!/bin/sh\n", Files.readString(snapshot.resolve("bin/tool")));
        assertNoMountLeft();
    }

    @Test
    void aReadOnlyBindIsRemountedReadOnlyAndTheApplyFails() throws IOException {
        Digest digest = ingest("default", new TarLayer().file("file", "no").tar());
        Mount readOnly = Mount.newBuilder().setType("bind").setSource(snapshot.toString())
                .addAllOptions(List.of("rbind", "ro")).build();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR, readOnly)));

        assertEquals(Status.Code.INTERNAL, refused.getStatus().getCode(), refused.getMessage());
        assertFalse(Files.exists(snapshot.resolve("file")));
        assertNoMountLeft();
    }

    @Test
    void aHardLinkClimbingOutIsRefusedAndNothingLandsOutside() throws IOException {
        Files.writeString(dir.resolve("outside"), "secret");
        byte[] tar = new TarLayer().file("../../escaped", "clamped").hardLink("stolen", "../outside").tar();
        Digest digest = ingest("default", TarLayer.gzip(tar));

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR_GZIP, bind(snapshot))));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.getParent().resolve("escaped"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("clamped", Files.readString(snapshot.resolve("escaped")), "a ../ name stops at the root");
        assertFalse(Files.exists(snapshot.resolve("stolen"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(1, (int) Files.getAttribute(dir.resolve("outside"), "unix:nlink"));
        assertNoMountLeft();
    }

    @Test
    void aBlobTheNamespaceDoesNotReferenceIsNotFound() {
        Digest digest = ingest("other", new TarLayer().file("file", "theirs").tar());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR, bind(snapshot))));

        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), refused.getMessage());
        assertFalse(Files.exists(snapshot.resolve("file")));
    }

    @Test
    void applyWithoutMountsIsAnInvalidArgument() {
        Digest digest = ingest("default", new TarLayer().file("file", "x").tar());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR)));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("no mounts"), refused.getMessage());
    }

    @Test
    void aMountThatFailsIsAnInvalidArgumentNamingIt() throws IOException {
        Digest digest = ingest("default", new TarLayer().file("file", "x").tar());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR, bind(dir.resolve("missing")))));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("missing"), refused.getMessage());
        assertNoMountLeft();
    }

    @Test
    void aLoneOverlayMountIsAppliedToItsUpperDirWithOverlayWhiteouts() throws IOException {
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Files.writeString(lower.resolve("gone"), "from below");
        Digest digest = ingest("default", new TarLayer().file("new", "above").file(".wh.gone", "").tar());
        Mount overlay = Mount.newBuilder().setType("overlay").setSource("overlay").addAllOptions(List.of(
                "lowerdir=" + lower, "upperdir=" + upper, "workdir=" + dir.resolve("work"))).build();

        diff("default").apply(applyRequest(digest, LayerApplier.OCI_TAR, overlay));

        assertEquals("above", Files.readString(upper.resolve("new")));
        assertEquals(0020000, (int) Files.getAttribute(upper.resolve("gone"), "unix:mode") & 0170000,
                "the whiteout is a character device");
        assertEquals(0L, ((Number) Files.getAttribute(upper.resolve("gone"), "unix:rdev")).longValue());
        assertEquals("from below", Files.readString(lower.resolve("gone")));
    }

    private DiffGrpc.DiffBlockingStub diff(String namespace, String lease) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        headers.put(RequestContext.LEASE_HEADER, lease);
        return DiffGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** A parent with three files, and a child that changed one, removed one and added one. */
    private DiffRequest.Builder parentAndChild() throws IOException {
        Path lower = Files.createDirectories(dir.resolve("lower/etc"));
        Files.writeString(lower.resolve("hostname"), "parent");
        Files.writeString(lower.resolve("gone"), "parent");
        Files.writeString(lower.resolve("kept"), "parent");
        Path upper = Files.createDirectories(dir.resolve("upper/etc"));
        Files.writeString(upper.resolve("hostname"), "child");
        Files.writeString(upper.resolve("kept"), "parent");
        FileTime sameTime = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
        Files.setLastModifiedTime(lower.resolve("kept"), sameTime);
        Files.setLastModifiedTime(upper.resolve("kept"), sameTime);
        Files.writeString(upper.resolve("added"), "child");
        return DiffRequest.newBuilder().addLeft(bind(lower.getParent())).addRight(bind(upper.getParent()));
    }

    private static List<String> entries(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private byte[] blob(Descriptor descriptor) throws IOException {
        try (InputStream in = store.read(Digest.parse(descriptor.getDigest()), 0, 0)) {
            return in.readAllBytes();
        }
    }

    @Test
    void diffWritesAGzipLayerIntoContentLabelledWithItsTarDigestAndHeldByTheLease() throws IOException {
        metadata.write(tx -> tx.leases().create("default", new Lease("commit", Map.of(), Instant.now())));

        Descriptor layer = diff("default", "commit").diff(parentAndChild()
                .putLabels("team", "a").build()).getDiff();

        assertEquals(LayerApplier.OCI_TAR_GZIP, layer.getMediaType());
        byte[] blob = blob(layer);
        assertEquals(Digest.compute(DigestAlgorithm.SHA256, blob).toString(), layer.getDigest());
        assertEquals(blob.length, layer.getSize());
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(blob)).readAllBytes();
        assertEquals(List.of("etc/", "etc/added", "etc/.wh.gone", "etc/hostname"), entries(tar));
        Info info = metadata.read(tx -> tx.contents().get("default", Digest.parse(layer.getDigest())));
        assertEquals(Map.of("team", "a", DiffService.UNCOMPRESSED_LABEL,
                Digest.compute(DigestAlgorithm.SHA256, tar).toString()), info.labels());
        assertEquals(List.of(new LeaseResource(layer.getDigest(), LeaseResource.CONTENT)),
                metadata.read(tx -> tx.leases().resources("default", "commit")));
        assertEquals(List.of(), store.listStatuses(status -> true), "the ingest became the blob");
        assertNoMountLeft();
    }

    @Test
    void theSameDiffTwiceIsTheSameBlobAndAPlainTarHasNoUncompressedLabel() throws IOException {
        DiffRequest request = parentAndChild().setMediaType(LayerApplier.OCI_TAR).setRef("my-diff").build();

        Descriptor first = diff("default").diff(request).getDiff();
        Descriptor second = diff("default").diff(request).getDiff();

        assertEquals(first, second);
        assertEquals(LayerApplier.OCI_TAR, first.getMediaType());
        assertEquals(List.of("etc/", "etc/added", "etc/.wh.gone", "etc/hostname"), entries(blob(first)));
        assertEquals(Map.of(), metadata.read(tx -> tx.contents().get("default", Digest.parse(first.getDigest())))
                .labels());
        assertEquals(List.of(), store.listStatuses(status -> true));
    }

    @Test
    void aDiffWithoutAParentHoldsTheWholeSnapshot() throws IOException {
        DiffRequest request = parentAndChild().clearLeft().build();

        Descriptor layer = diff("default").diff(request).getDiff();

        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(blob(layer))).readAllBytes();
        assertEquals(List.of("etc/", "etc/added", "etc/hostname", "etc/kept"), entries(tar));
        assertNoMountLeft();
    }

    @Test
    void anUnsupportedMediaTypeIsUnimplementedAndLeavesNoIngestNorMount() throws IOException {
        DiffRequest request = parentAndChild().setMediaType("application/x-tar+lz4").build();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").diff(request));

        assertEquals(Status.Code.UNIMPLEMENTED, refused.getStatus().getCode(), refused.getMessage());
        assertTrue(refused.getStatus().getDescription().contains("application/x-tar+lz4"), refused.getMessage());
        assertEquals(List.of(), store.listStatuses(status -> true));
        assertNoMountLeft();
    }

    @Test
    void aDiffWithoutUpperMountsIsAnInvalidArgument() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").diff(DiffRequest.getDefaultInstance()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("upper"), refused.getMessage());
    }

    @Test
    void aDiffUnderALeaseThatDoesNotExistIsNotFound() throws IOException {
        DiffRequest request = parentAndChild().build();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default", "missing").diff(request));

        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), refused.getMessage());
        assertEquals(List.of(), store.listStatuses(status -> true));
    }
}
