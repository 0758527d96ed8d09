package io.berth.services.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.content.local.LocalContentStore;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.events.ContentCreate;
import io.berth.proto.containerd.events.ContentDelete;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.DeleteContentRequest;
import io.berth.proto.containerd.services.content.v1.Info;
import io.berth.proto.containerd.services.content.v1.InfoRequest;
import io.berth.proto.containerd.services.content.v1.ListContentRequest;
import io.berth.proto.containerd.services.content.v1.ListContentResponse;
import io.berth.proto.containerd.services.content.v1.ListStatusesRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.content.v1.StatusRequest;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.berth.services.events.TestBus;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** The content service over the real gRPC server on a Unix socket, on a real local store and SQLite metadata. */
class ContentServiceTest {
    /** Over two read chunks, to see Read split a blob. */
    private static final byte[] BIG = pattern(2 * ReadStream.CHUNK + 12345);
    private static final byte[] SMALL = "hello, content".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore store;
    private EventBus events;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        store = new LocalContentStore(dir.resolve("content"));
        events = TestBus.start();
        Path socket = dir.resolve("berth.sock");
        server = TestGrpcServer.startInline(socket, new ContentService(store, metadata, events), "Info", "Read");
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + i / 977);
        }
        return data;
    }

    private static Digest sha256(byte[] data) {
        return Digest.compute(DigestAlgorithm.SHA256, data);
    }

    private static Metadata namespaceHeader(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return headers;
    }

    private ContentGrpc.ContentBlockingStub blocking(String namespace) {
        return ContentGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(namespaceHeader(namespace)));
    }

    /** A second server, as the daemon runs the service, on another store over the same metadata. */
    private TestGrpcServer serving(HeldReadsStore held) throws IOException {
        return TestGrpcServer.startInline(dir.resolve("held.sock"), new ContentService(held, metadata, events),
                "Info", "Read");
    }

    private static ContentGrpc.ContentBlockingStub blocking(TestGrpcServer server, String namespace) {
        return ContentGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(namespaceHeader(namespace)));
    }

    private WriteStream writeStream(String namespace) {
        return new WriteStream(ContentGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(namespaceHeader(namespace))));
    }

    private static WriteContentRequest.Builder request(WriteAction action, String ref) {
        return WriteContentRequest.newBuilder().setAction(action).setRef(ref);
    }

    /** STAT, one WRITE per chunk, then an empty COMMIT, as containerd's remote writer does. */
    private WriteContentResponse ingest(String namespace, String ref, byte[] data, Digest expected,
                                       Map<String, String> labels) throws InterruptedException {
        WriteStream stream = writeStream(namespace);
        WriteContentResponse stat = stream.send(request(WriteAction.STAT, ref).setTotal(data.length).build());
        assertEquals(0, stat.getOffset());
        int chunk = 1 << 19;
        for (int at = 0; at < data.length; at += chunk) {
            stream.send(request(WriteAction.WRITE, ref).setOffset(at)
                    .setData(ByteString.copyFrom(data, at, Math.min(chunk, data.length - at))).build());
        }
        return stream.send(request(WriteAction.COMMIT, ref).setOffset(data.length).setTotal(data.length)
                .setExpected(expected.toString()).putAllLabels(labels).build());
    }

    private byte[] readAll(String namespace, Digest digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<ReadContentResponse> chunks = blocking(namespace).read(
                ReadContentRequest.newBuilder().setDigest(digest.toString()).build());
        while (chunks.hasNext()) {
            ReadContentResponse chunk = chunks.next();
            assertEquals(out.size(), chunk.getOffset());
            assertTrue(chunk.getData().size() <= ReadStream.CHUNK, "chunk of " + chunk.getData().size() + " bytes");
            out.writeBytes(chunk.getData().toByteArray());
        }
        return out.toByteArray();
    }

    private Info info(String namespace, Digest digest) {
        return blocking(namespace).info(InfoRequest.newBuilder().setDigest(digest.toString()).build()).getInfo();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void writtenBlobIsCommittedWithItsLabelsAndReadsBack() throws Exception {
        Digest digest = sha256(BIG);
        WriteContentResponse committed = ingest("a", "big-1", BIG, digest, Map.of("origin", "test"));
        assertEquals(WriteAction.COMMIT, committed.getAction());
        assertEquals(BIG.length, committed.getOffset());
        assertEquals(digest.toString(), committed.getDigest());

        Info info = info("a", digest);
        assertEquals(BIG.length, info.getSize());
        assertEquals(Map.of("origin", "test"), info.getLabelsMap());
        byte[] back = readAll("a", digest);
        assertEquals(digest, sha256(back));
        assertArrayEquals(BIG, back);

        byte[] part = blocking("a").read(ReadContentRequest.newBuilder().setDigest(digest.toString())
                .setOffset(10).setSize(5).build()).next().getData().toByteArray();
        assertArrayEquals(Arrays.copyOfRange(BIG, 10, 15), part);
    }

    @Test
    void droppedWriteResumesAtTheStoredOffset() throws Exception {
        String ref = "resumable";
        int quarter = BIG.length / 4;
        int half = 2 * quarter;
        WriteStream first = writeStream("a");
        first.send(request(WriteAction.STAT, ref).setTotal(BIG.length).build());
        first.send(request(WriteAction.WRITE, ref).setData(ByteString.copyFrom(BIG, 0, quarter)).build());
        WriteContentResponse written = first.send(request(WriteAction.WRITE, ref).setOffset(quarter)
                .setData(ByteString.copyFrom(BIG, quarter, quarter)).build());
        assertEquals(half, written.getOffset());
        first.drop();

        WriteStream second = openWhenUnlocked("a", ref, BIG.length);
        WriteContentResponse stat = second.send(request(WriteAction.STAT, ref).build());
        assertEquals(half, stat.getOffset());
        assertEquals(BIG.length, stat.getTotal());
        var status = blocking("a").status(StatusRequest.newBuilder().setRef(ref).build()).getStatus();
        assertEquals(ref, status.getRef());
        assertEquals(half, status.getOffset());
        assertEquals(List.of(ref), blocking("a").listStatuses(ListStatusesRequest.newBuilder()
                .addFilters("ref==" + ref).build()).getStatusesList().stream().map(s -> s.getRef()).toList());
        assertEquals(0, blocking("b").listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesCount());

        second.send(request(WriteAction.WRITE, ref).setOffset(half)
                .setData(ByteString.copyFrom(BIG, half, quarter)).build());
        WriteContentResponse committed = second.send(request(WriteAction.COMMIT, ref).setOffset(half + quarter)
                .setData(ByteString.copyFrom(BIG, half + quarter, BIG.length - half - quarter))
                .setExpected(sha256(BIG).toString()).build());
        assertEquals(sha256(BIG).toString(), committed.getDigest());
        assertArrayEquals(BIG, readAll("a", sha256(BIG)));
        assertEquals(Status.Code.NOT_FOUND,
                code(() -> blocking("a").status(StatusRequest.newBuilder().setRef(ref).build())));
    }

    /** The server closes the dropped stream's writer on its own time; containerd's client retries likewise. */
    private WriteStream openWhenUnlocked(String namespace, String ref, long total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                WriteStream stream = writeStream(namespace);
                stream.send(request(WriteAction.STAT, ref).setTotal(total).build());
                return stream;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void wrongDigestIsRefusedAndTheIngestKept() throws Exception {
        Digest wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ingest("a", "wrong", SMALL, wrong, Map.of()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(wrong.toString()), e.getStatus().getDescription());
        assertEquals(Status.Code.NOT_FOUND, code(() -> info("a", sha256(SMALL))));
    }

    @Test
    void blobIsVisibleOnlyInNamespacesThatCommittedIt() throws Exception {
        Digest digest = sha256(SMALL);
        ingest("a", "shared", SMALL, digest, Map.of("in", "a"));
        assertEquals(Status.Code.NOT_FOUND, code(() -> info("b", digest)));
        assertEquals(Status.Code.NOT_FOUND, code(() -> readAll("b", digest)));
        assertEquals(0, countListed("b", ""));

        ingest("b", "shared", SMALL, digest, Map.of("in", "b"));
        assertEquals(Map.of("in", "b"), info("b", digest).getLabelsMap());
        assertEquals(Map.of("in", "a"), info("a", digest).getLabelsMap());
        assertArrayEquals(SMALL, readAll("b", digest));

        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> {
            try {
                ingest("b", "again", SMALL, digest, Map.of());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void updateChangesLabelsByFieldPath() throws Exception {
        Digest digest = sha256(SMALL);
        ingest("a", "labelled", SMALL, digest, Map.of("x", "1", "y", "2"));
        Info one = blocking("a").update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest.toString()).putLabels("x", "9"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.x").addPaths("labels.y")).build()).getInfo();
        assertEquals(Map.of("x", "9"), one.getLabelsMap());
        Info all = blocking("a").update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest.toString()).putLabels("z", "3")).build()).getInfo();
        assertEquals(Map.of("z", "3"), all.getLabelsMap());
        assertEquals(Map.of("z", "3"), info("a", digest).getLabelsMap());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> blocking("a").update(UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest.toString()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("size")).build())));
    }

    @Test
    void listTakesContainerdsFilters() throws Exception {
        ingest("a", "one", SMALL, sha256(SMALL), Map.of("kind", "config"));
        ingest("a", "two", BIG, sha256(BIG), Map.of("kind", "layer"));
        assertEquals(2, countListed("a", ""));
        Iterator<ListContentResponse> layers = blocking("a").list(
                ListContentRequest.newBuilder().addFilters("labels.kind==layer").build());
        List<Info> found = layers.next().getInfoList();
        assertEquals(1, found.size());
        assertEquals(sha256(BIG).toString(), found.getFirst().getDigest());
        assertEquals(BIG.length, found.getFirst().getSize());
        assertEquals(1, countListed("a", "size==" + SMALL.length));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> countListed("a", "labels.kind==")));
    }

    private int countListed(String namespace, String filter) {
        ListContentRequest.Builder request = ListContentRequest.newBuilder();
        if (!filter.isEmpty()) {
            request.addFilters(filter);
        }
        int count = 0;
        for (Iterator<ListContentResponse> blocks = blocking(namespace).list(request.build()); blocks.hasNext(); ) {
            count += blocks.next().getInfoCount();
        }
        return count;
    }

    @Test
    void deleteRemovesOnlyThisNamespacesReference() throws Exception {
        Digest digest = sha256(SMALL);
        ingest("a", "doomed", SMALL, digest, Map.of());
        ingest("b", "kept", SMALL, digest, Map.of());
        blocking("a").delete(DeleteContentRequest.newBuilder().setDigest(digest.toString()).build());
        assertEquals(Status.Code.NOT_FOUND, code(() -> info("a", digest)));
        assertEquals(Status.Code.NOT_FOUND,
                code(() -> blocking("a").delete(DeleteContentRequest.newBuilder().setDigest(digest.toString()).build())));
        assertArrayEquals(SMALL, readAll("b", digest));
    }

    private WriteStream leasedWriteStream(String namespace, String lease) {
        Metadata headers = namespaceHeader(namespace);
        headers.put(RequestContext.LEASE_HEADER, lease);
        return new WriteStream(ContentGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
    }

    private List<LeaseResource> leaseResources(String namespace, String lease) {
        return metadata.read(tx -> tx.leases().resources(namespace, lease));
    }

    @Test
    void aLeaseHoldsTheIngestWhileWrittenThenTheBlob() throws Exception {
        metadata.write(tx -> tx.leases().create("a", new Lease("pull", Map.of(), null)));
        Digest digest = sha256(SMALL);
        WriteStream stream = leasedWriteStream("a", "pull");
        stream.send(request(WriteAction.WRITE, "leased-1").setData(ByteString.copyFrom(SMALL, 0, 4)).build());
        assertEquals(List.of(new LeaseResource("leased-1", LeaseResource.INGESTS)), leaseResources("a", "pull"));

        stream.send(request(WriteAction.COMMIT, "leased-1").setOffset(4).setTotal(SMALL.length)
                .setExpected(digest.toString()).setData(ByteString.copyFrom(SMALL, 4, SMALL.length - 4)).build());
        assertEquals(List.of(new LeaseResource(digest.toString(), LeaseResource.CONTENT)), leaseResources("a", "pull"));

        metadata.write(tx -> tx.leases().create("a", new Lease("again", Map.of(), null)));
        StatusRuntimeException exists = assertThrows(StatusRuntimeException.class, () -> leasedWriteStream("a", "again")
                .send(request(WriteAction.STAT, "leased-2").setExpected(digest.toString()).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, exists.getStatus().getCode());
        assertEquals(List.of(new LeaseResource(digest.toString(), LeaseResource.CONTENT)), leaseResources("a", "again"));
    }

    @Test
    void aWriteUnderALeaseThatDoesNotExistIsRefusedAndWritesNothing() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> leasedWriteStream("a", "gone")
                .send(request(WriteAction.WRITE, "orphan").setData(ByteString.copyFrom(SMALL)).build()));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("gone"), refused.getStatus().getDescription());
        assertEquals(Status.Code.NOT_FOUND,
                code(() -> blocking("a").status(StatusRequest.newBuilder().setRef("orphan").build())));
    }

    @Test
    void aMalformedExpectedDigestIsAnInvalidArgumentAndOpensNoIngest() {
        for (String malformed : new String[] {"md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:ABC", "sha256"}) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> writeStream("a")
                    .send(request(WriteAction.WRITE, "malformed").setExpected(malformed)
                            .setData(ByteString.copyFrom(SMALL)).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), malformed);
            assertTrue(refused.getStatus().getDescription().contains("digest"), refused.getStatus().getDescription());
            assertEquals(Status.Code.NOT_FOUND,
                    code(() -> blocking("a").status(StatusRequest.newBuilder().setRef("malformed").build())));
        }
    }

    @Test
    void commitAndDeleteArePublishedAsContainerdsContentEvents() throws Exception {
        TestBus.Received received = TestBus.subscribe(events);
        Digest digest = sha256(SMALL);
        ingest("a", "published", SMALL, digest, Map.of());
        blocking("a").delete(DeleteContentRequest.newBuilder().setDigest(digest.toString()).build());

        Event created = received.next();
        assertEquals("a", created.namespace());
        assertEquals("/content/create", created.topic());
        assertEquals("containerd.events.ContentCreate", created.typeUrl());
        assertEquals(ContentCreate.newBuilder().setDigest(digest.toString()).setSize(SMALL.length).build(),
                ContentCreate.parseFrom(created.payload()));
        Event deleted = received.next();
        assertEquals("/content/delete", deleted.topic());
        assertEquals("containerd.events.ContentDelete", deleted.typeUrl());
        assertEquals(digest.toString(), ContentDelete.parseFrom(deleted.payload()).getDigest());
    }

    @Test
    void aSha512BlobIsHashedAndCommittedUnderItsOwnDigest() throws Exception {
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, BIG);
        WriteContentResponse committed = ingest("a", "sha512-1", BIG, digest, Map.of());
        assertEquals(digest.toString(), committed.getDigest());
        assertEquals(BIG.length, info("a", digest).getSize());
        assertArrayEquals(BIG, readAll("a", digest));
    }

    @Test
    void blobsAroundTheFirstChunkReadBackWhole() throws Exception {
        for (int size : new int[] {0, 1, ReadStream.FIRST - 1, ReadStream.FIRST, ReadStream.FIRST + 1,
                ReadStream.CHUNK + ReadStream.FIRST}) {
            byte[] data = pattern(size);
            ingest("a", "sized-" + size, data, sha256(data), Map.of());
            assertArrayEquals(data, readAll("a", sha256(data)), size + " bytes");
        }
        ingest("a", "big-tail", BIG, sha256(BIG), Map.of());
        byte[] tail = blocking("a").read(ReadContentRequest.newBuilder().setDigest(sha256(BIG).toString())
                .setOffset(BIG.length - 3).build()).next().getData().toByteArray();
        assertArrayEquals(Arrays.copyOfRange(BIG, BIG.length - 3, BIG.length), tail);
    }

    @Test
    void aLargeBlobIsReadWithoutHoldingUpTheConnection() throws Exception {
        Digest digest = sha256(BIG);
        ingest("a", "held", BIG, digest, Map.of());
        HeldReadsStore held = new HeldReadsStore(store, ReadStream.FIRST);
        try (TestGrpcServer heldServer = serving(held)) {
            ContentGrpc.ContentBlockingStub client = blocking(heldServer, "a");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reading = Thread.ofVirtual().start(() -> client.read(ReadContentRequest.newBuilder()
                    .setDigest(digest.toString()).build()).forEachRemaining(
                            chunk -> out.writeBytes(chunk.getData().toByteArray())));
            assertTrue(held.hold.reached(30), "the read past the first chunk did not start");
            // The same connection, while the blob's read waits as on a slow disk.
            assertEquals(BIG.length, client.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .info(InfoRequest.newBuilder().setDigest(digest.toString()).build()).getInfo().getSize());
            held.hold.release();
            reading.join();
            assertArrayEquals(BIG, out.toByteArray());
        } finally {
            held.hold.release();
        }
    }

    @Test
    void aReadCancelledWhileItWaitsClosesTheBlob() throws Exception {
        Digest digest = sha256(BIG);
        ingest("a", "cancelled", BIG, digest, Map.of());
        HeldReadsStore held = new HeldReadsStore(store, ReadStream.FIRST);
        try (TestGrpcServer heldServer = serving(held)) {
            Context.CancellableContext call = Context.current().withCancellation();
            Iterator<ReadContentResponse> chunks = call.call(() -> blocking(heldServer, "a")
                    .read(ReadContentRequest.newBuilder().setDigest(digest.toString()).build()));
            assertEquals(ReadStream.FIRST, chunks.next().getData().size());
            assertTrue(held.hold.reached(30), "the read past the first chunk did not start");
            call.cancel(null);
            held.hold.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (held.open.get() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, held.open.get(), "the cancelled read's blob is still open");
        } finally {
            held.hold.release();
        }
    }
}
