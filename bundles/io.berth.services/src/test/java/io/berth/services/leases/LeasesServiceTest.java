package io.berth.services.leases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.namespaces.Identifiers;
import io.berth.content.local.LocalContentStore;
import io.berth.gc.Collector;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.services.leases.v1.AddResourceRequest;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteResourceRequest;
import io.berth.proto.containerd.services.leases.v1.Lease;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.leases.v1.ListResourcesRequest;
import io.berth.proto.containerd.services.leases.v1.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;

/** The leases service over the real gRPC server, on a real SQLite store, content store and collector. */
class LeasesServiceTest {
    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore content;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        content = new LocalContentStore(dir.resolve("content"));
        Path socket = dir.resolve("berth.sock");
        server = TestGrpcServer.start(socket,
                new LeasesService(metadata, new Collector(metadata, content, Duration.ofDays(1))));
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private LeasesGrpc.LeasesBlockingStub leases(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return LeasesGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static Resource resource(String id, String type) {
        return Resource.newBuilder().setId(id).setType(type).build();
    }

    /** A blob in the content store that the namespace references, as a write under the lease leaves it. */
    private Digest leasedBlob(String namespace, String lease, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, data);
        try (ContentWriter writer = content.writer(text, data.length, digest)) {
            writer.write(ByteBuffer.wrap(data));
            writer.commit(data.length, digest);
        }
        metadata.write(tx -> tx.contents().add(namespace, digest, data.length, Map.of()));
        leases(namespace).addResource(AddResourceRequest.newBuilder().setId(lease)
                .setResource(resource(digest.toString(), "content")).build());
        return digest;
    }

    private boolean onDisk(Digest digest) {
        boolean[] found = {false};
        content.walk(info -> info.digest().equals(digest), info -> found[0] = true);
        return found[0];
    }

    @Test
    void createReturnsTheLeaseAndListFiltersByIdAndLabels() {
        Lease created = leases("a").create(CreateRequest.newBuilder().setId("l1").putLabels("k", "v").build()).getLease();
        assertEquals("l1", created.getId());
        assertEquals(Map.of("k", "v"), created.getLabelsMap());
        assertTrue(created.getCreatedAt().getSeconds() > 0);
        leases("a").create(CreateRequest.newBuilder().setId("l2").build());

        assertEquals(List.of("l1", "l2"), ids(leases("a").list(ListRequest.getDefaultInstance()).getLeasesList()));
        assertEquals(List.of("l1"), ids(leases("a").list(ListRequest.newBuilder().addFilters("labels.k==v").build())
                .getLeasesList()));
        assertEquals(List.of("l2"), ids(leases("a").list(ListRequest.newBuilder().addFilters("id==l2").build())
                .getLeasesList()));
        assertEquals(List.of(), ids(leases("b").list(ListRequest.getDefaultInstance()).getLeasesList()));
    }

    private static List<String> ids(List<Lease> leases) {
        return leases.stream().map(Lease::getId).toList();
    }

    @Test
    void createMakesUpAValidIdWhenNoneIsGiven() {
        String id = leases("a").create(CreateRequest.getDefaultInstance()).getLease().getId();
        assertEquals(id, Identifiers.validate("lease id", id));
        assertTrue(!id.equals(leases("a").create(CreateRequest.getDefaultInstance()).getLease().getId()));
    }

    @Test
    void badRequestsGetClearStatuses() {
        leases("a").create(CreateRequest.newBuilder().setId("l1").build());
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> leases("a").create(CreateRequest.newBuilder().setId("l1").build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> leases("a").delete(DeleteRequest.newBuilder().setId("nope").build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> leases("a").addResource(AddResourceRequest.newBuilder()
                .setId("nope").setResource(resource("r", "ingests")).build())));
        assertEquals(Status.Code.UNIMPLEMENTED, code(() -> leases("a").addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(resource("r", "volumes")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> leases("a").addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(resource("r", "snapshots")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> leases("a").addResource(AddResourceRequest.newBuilder()
                .setId("l1").setResource(resource("sha256:short", "content")).build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> leases("a").listResources(
                ListResourcesRequest.newBuilder().setId("nope").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> leases("a").list(ListRequest.newBuilder()
                .addFilters("id==").addFilters("labels.\"k").build())));
    }

    @Test
    void resourcesAreAddedListedAndDeleted() {
        leases("a").create(CreateRequest.newBuilder().setId("l1").build());
        leases("a").addResource(AddResourceRequest.newBuilder().setId("l1").setResource(resource("ref", "ingests")).build());
        leases("a").addResource(AddResourceRequest.newBuilder().setId("l1")
                .setResource(resource("key", "snapshots/overlayfs")).build());
        assertEquals(List.of(resource("ref", "ingests"), resource("key", "snapshots/overlayfs")),
                leases("a").listResources(ListResourcesRequest.newBuilder().setId("l1").build()).getResourcesList());
        leases("a").deleteResource(DeleteResourceRequest.newBuilder().setId("l1")
                .setResource(resource("ref", "ingests")).build());
        assertEquals(List.of(resource("key", "snapshots/overlayfs")),
                leases("a").listResources(ListResourcesRequest.newBuilder().setId("l1").build()).getResourcesList());
    }

    @Test
    void deleteWithSyncCollectsWhatOnlyTheLeaseKept() {
        leases("a").create(CreateRequest.newBuilder().setId("l1").build());
        leases("a").create(CreateRequest.newBuilder().setId("l2").build());
        Digest released = leasedBlob("a", "l1", "released");
        Digest kept = leasedBlob("a", "l2", "kept");

        leases("a").delete(DeleteRequest.newBuilder().setId("l1").setSync(true).build());

        assertFalse(onDisk(released));
        assertTrue(onDisk(kept));
        assertEquals(1, metadata.read(tx -> tx.contents().list("a")).size());
    }
}
