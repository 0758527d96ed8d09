package io.berth.services.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.daemon.Daemon;
import io.berth.api.diff.LayerApplier;
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
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** The diff service over the real gRPC server, with a bind mount of a temporary directory as the snapshot. */
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
        server = TestGrpcServer.start(dir.resolve("berth.sock"),
                new DiffService(store, metadata, new SnapshotApplier(new WalkingDiffer(1L << 30), daemon(dir))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            metadata.close();
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

    @Test
    void diffIsUnimplementedWithAReason() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> diff("default").diff(DiffRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNIMPLEMENTED, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("not implemented"), refused.getMessage());
    }
}
