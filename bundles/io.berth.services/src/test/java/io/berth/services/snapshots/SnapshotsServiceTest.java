package io.berth.services.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.FieldMask;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.plugin.Plugin;
import io.berth.api.snapshots.Snapshotter;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.events.SnapshotCommit;
import io.berth.proto.containerd.events.SnapshotPrepare;
import io.berth.proto.containerd.events.SnapshotRemove;
import io.berth.proto.containerd.services.snapshots.v1.CleanupRequest;
import io.berth.proto.containerd.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.Info;
import io.berth.proto.containerd.services.snapshots.v1.Kind;
import io.berth.proto.containerd.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.UsageRequest;
import io.berth.proto.containerd.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.proto.containerd.types.Mount;
import io.berth.services.events.TestBus;
import io.berth.snapshots.nativefs.NativeSnapshotter;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** The snapshots service over the real gRPC server, on the real native snapshotter and a real SQLite store. */
class SnapshotsServiceTest {
    private static final String NATIVE = "native";

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private EventBus events;
    private NativeSnapshotter backend;
    private NamespacedSnapshotService snapshots;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        events = TestBus.start();
        backend = new NativeSnapshotter(metadata, dir.resolve("native"));
        snapshots = new NamespacedSnapshotService(metadata, events);
        snapshots.addSnapshotter(backend, Map.of(Plugin.ID, NATIVE, Snapshotter.QUICK_READS, true));
        SnapshotsService service = new SnapshotsService(snapshots);
        server = TestGrpcServer.startInline(dir.resolve("berth.sock"), service, "Mounts", "Stat");
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private SnapshotsGrpc.SnapshotsBlockingStub snapshots(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return SnapshotsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private SnapshotsGrpc.SnapshotsBlockingStub leased(String namespace, String lease) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        headers.put(RequestContext.LEASE_HEADER, lease);
        return SnapshotsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static List<Mount> prepare(SnapshotsGrpc.SnapshotsBlockingStub stub, String key, String parent) {
        return stub.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setKey(key).setParent(parent)
                .build()).getMountsList();
    }

    private static void commit(SnapshotsGrpc.SnapshotsBlockingStub stub, String name, String key) {
        stub.commit(CommitSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setName(name).setKey(key).build());
    }

    private static void remove(SnapshotsGrpc.SnapshotsBlockingStub stub, String key) {
        stub.remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setKey(key).build());
    }

    private static Info stat(SnapshotsGrpc.SnapshotsBlockingStub stub, String key) {
        return stub.stat(StatSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setKey(key).build()).getInfo();
    }

    private static List<Info> list(SnapshotsGrpc.SnapshotsBlockingStub stub, String... filters) {
        List<Info> infos = new ArrayList<>();
        stub.list(ListSnapshotsRequest.newBuilder().setSnapshotter(NATIVE).addAllFilters(List.of(filters)).build())
                .forEachRemaining(block -> infos.addAll(block.getInfoList()));
        return infos;
    }

    private static List<String> names(SnapshotsGrpc.SnapshotsBlockingStub stub, String... filters) {
        return list(stub, filters).stream().map(Info::getName).toList();
    }

    private List<String> backendKeys() {
        List<String> keys = new ArrayList<>();
        backend.walk(info -> true, info -> keys.add(info.name()));
        return keys.stream().sorted().toList();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void aChainIsListedWithKindsAndParentsUnderTheNamespacesNames() {
        var stub = snapshots("a");
        List<Mount> mounts = prepare(stub, "k1", "");
        assertEquals("bind", mounts.getFirst().getType());
        assertEquals(List.of("rw", "rbind"), mounts.getFirst().getOptionsList());
        assertEquals(mounts, stub.mounts(MountsRequest.newBuilder().setSnapshotter(NATIVE).setKey("k1").build())
                .getMountsList());
        commit(stub, "c1", "k1");
        prepare(stub, "k2", "c1");
        List<Mount> view = stub.view(ViewSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setKey("v1")
                .setParent("c1").build()).getMountsList();
        assertEquals(List.of("ro", "rbind"), view.getFirst().getOptionsList());

        List<Info> infos = list(stub);
        assertEquals(List.of("c1", "k2", "v1"), infos.stream().map(Info::getName).toList());
        assertEquals(List.of(Kind.COMMITTED, Kind.ACTIVE, Kind.VIEW), infos.stream().map(Info::getKind).toList());
        assertEquals(List.of("", "c1", "c1"), infos.stream().map(Info::getParent).toList());
        assertTrue(infos.getFirst().hasCreatedAt());
        assertEquals(infos.get(1), stat(stub, "k2"));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stat(stub, "k1")));
        // The snapshotter's keys are namespaced and numbered; the namespace never sees them.
        assertEquals(List.of("a/2/c1", "a/3/k2", "a/4/v1"), backendKeys());
    }

    @Test
    void aCommitNamesItsParentInTheNamespaceAndOntoAnotherOneIsUnimplementedForASnapshotterThatCannotRebase() {
        var stub = snapshots("a");
        prepare(stub, "k1", "");
        commit(stub, "c1", "k1");
        prepare(stub, "k2", "");
        commit(stub, "c2", "k2");
        prepare(stub, "k3", "c1");

        assertEquals(Status.Code.UNIMPLEMENTED, code(() -> stub.commit(CommitSnapshotRequest.newBuilder()
                .setSnapshotter(NATIVE).setName("c3").setKey("k3").setParent("c2").build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stub.commit(CommitSnapshotRequest.newBuilder()
                .setSnapshotter(NATIVE).setName("c3").setKey("k3").setParent("elsewhere").build())));
        assertEquals(Kind.ACTIVE, stat(stub, "k3").getKind());
        assertEquals(Status.Code.NOT_FOUND, code(() -> stat(stub, "c3")));

        stub.commit(CommitSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setName("c3").setKey("k3")
                .setParent("c1").build());
        assertEquals("c1", stat(stub, "c3").getParent());
    }

    @Test
    void namespacesAreIsolated() {
        prepare(snapshots("a"), "k1", "");
        commit(snapshots("a"), "c1", "k1");
        var other = snapshots("other");
        assertEquals(List.of(), names(other));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stat(other, "c1")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> prepare(other, "k2", "c1")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> remove(other, "c1")));
        prepare(other, "c1", "");
        assertEquals(Kind.ACTIVE, stat(other, "c1").getKind());
        assertEquals(Kind.COMMITTED, stat(snapshots("a"), "c1").getKind());
    }

    @Test
    void refusalsAreContainerds() {
        var stub = snapshots("a");
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.prepare(PrepareSnapshotRequest.newBuilder()
                .setKey("k").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter("zfs").setKey("k").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> list(stub, "name~=[")));
        prepare(stub, "k1", "");
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> prepare(stub, "k1", "")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> prepare(stub, "k2", "missing")));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> prepare(stub, "k2", "k1")));
        assertEquals(List.of("a/1/k1"), backendKeys());
        // The name each refused change took first is taken back.
        assertEquals(List.of("k1"), names(stub));
        commit(stub, "c1", "k1");
        prepare(stub, "k2", "c1");
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> commit(stub, "c1", "k2")));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> commit(stub, "c2", "c1")));
        assertEquals(List.of("c1", "k2"), names(stub));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> remove(stub, "c1")));
        remove(stub, "k2");
        remove(stub, "c1");
        assertEquals(List.of(), names(stub));
    }

    @Test
    void removeForgetsTheNameAndLeavesTheBackendSnapshotForCleanup() {
        var stub = snapshots("a");
        prepare(stub, "k1", "");
        commit(stub, "c1", "k1");
        prepare(stub, "k2", "c1");
        remove(stub, "k2");
        remove(stub, "c1");
        assertEquals(List.of(), names(stub));
        assertEquals(Status.Code.NOT_FOUND, code(() -> stat(stub, "c1")));
        assertEquals(List.of("a/2/c1", "a/3/k2"), backendKeys());
        stub.cleanup(CleanupRequest.newBuilder().setSnapshotter(NATIVE).build());
        assertEquals(List.of(), backendKeys());
    }

    @Test
    void labelsAreTheNamespacesAndListFiltersByThemKindNameAndParent() {
        var stub = snapshots("a");
        stub.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter(NATIVE).setKey("k1")
                .putLabels("team", "x").putLabels("containerd.io/snapshot/origin", "here").build());
        commit(stub, "c1", "k1");
        prepare(stub, "k2", "c1");
        Info updated = stub.update(UpdateSnapshotRequest.newBuilder().setSnapshotter(NATIVE)
                .setInfo(Info.newBuilder().setName("k2").putLabels("team", "y"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.team")).build()).getInfo();
        assertEquals(Map.of("team", "y"), updated.getLabelsMap());
        assertEquals(Kind.ACTIVE, updated.getKind());
        assertNotEquals(updated.getCreatedAt(), stat(stub, "c1").getCreatedAt());
        assertEquals(List.of("k2"), names(stub, "labels.team==y"));
        assertEquals(List.of("k2"), names(stub, "kind==active"));
        assertEquals(List.of("c1"), names(stub, "kind==committed"));
        assertEquals(List.of("k2"), names(stub, "parent==c1"));
        assertEquals(List.of("c1"), names(stub, "name==c1"));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> stub.update(UpdateSnapshotRequest.newBuilder()
                .setSnapshotter(NATIVE).setInfo(Info.newBuilder().setName("k2"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("parent")).build())));
        // Only containerd's inherited labels reach the snapshotter.
        assertEquals(Map.of("containerd.io/snapshot/origin", "here"), backend.stat("a/2/c1").labels());
    }

    @Test
    void aLeaseHoldsWhatIsPreparedThenWhatIsCommittedAndAnUnknownLeaseIsRefused() {
        metadata.write(tx -> tx.leases().create("a", new Lease("l1", Map.of(), null)));
        var stub = leased("a", "l1");
        prepare(stub, "k1", "");
        assertEquals(List.of(new LeaseResource("k1", "snapshots/native")),
                metadata.read(tx -> tx.leases().resources("a", "l1")));
        commit(stub, "c1", "k1");
        assertEquals(List.of(new LeaseResource("c1", "snapshots/native")),
                metadata.read(tx -> tx.leases().resources("a", "l1")));
        remove(stub, "c1");
        assertEquals(List.of(), metadata.read(tx -> tx.leases().resources("a", "l1")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> prepare(leased("a", "nothing"), "k2", "")));
        assertEquals(List.of(), names(stub));
    }

    @Test
    void changesArePublishedAsContainerdsEvents() throws Exception {
        TestBus.Received received = TestBus.subscribe(events);
        var stub = snapshots("a");
        prepare(stub, "k1", "");
        commit(stub, "c1", "k1");
        remove(stub, "c1");
        Event prepared = received.next();
        assertEquals("/snapshot/prepare", prepared.topic());
        assertEquals("a", prepared.namespace());
        assertEquals(SnapshotPrepare.newBuilder().setKey("k1").setSnapshotter(NATIVE).build(),
                SnapshotPrepare.parseFrom(prepared.payload()));
        Event committed = received.next();
        assertEquals("/snapshot/commit", committed.topic());
        assertEquals(SnapshotCommit.newBuilder().setKey("k1").setName("c1").setSnapshotter(NATIVE).build(),
                SnapshotCommit.parseFrom(committed.payload()));
        Event removed = received.next();
        assertEquals("/snapshot/remove", removed.topic());
        assertEquals(SnapshotRemove.newBuilder().setKey("c1").setSnapshotter(NATIVE).build(),
                SnapshotRemove.parseFrom(removed.payload()));
    }

    @Test
    void usageCountsWhatTheSnapshotHolds() throws IOException {
        var stub = snapshots("a");
        Path tree = Path.of(prepare(stub, "k1", "").getFirst().getSource());
        Files.write(tree.resolve("data"), new byte[64 * 1024]);
        var usage = stub.usage(UsageRequest.newBuilder().setSnapshotter(NATIVE).setKey("k1").build());
        assertTrue(usage.getSize() >= 64 * 1024, "size " + usage.getSize());
        assertTrue(usage.getInodes() >= 2, "inodes " + usage.getInodes());
    }

    @Test
    void cleanupRemovesSnapshotsNoNamespaceNamesAndKeepsTheNamedOnes() {
        var stub = snapshots("a");
        prepare(stub, "k1", "");
        commit(stub, "c1", "k1");
        backend.prepare("left-behind", "a/2/c1", Map.of());
        backend.commit("left-base", "left-behind", Map.of());
        backend.prepare("left-top", "left-base", Map.of());
        stub.cleanup(CleanupRequest.newBuilder().setSnapshotter(NATIVE).build());
        assertEquals(List.of("a/2/c1"), backendKeys());
        assertEquals(Kind.COMMITTED, stat(stub, "c1").getKind());
    }

    @Test
    void onlyASnapshotterRegisteredAsReadingQuicklyIsAnsweredOnTheTransportThread() {
        snapshots.addSnapshotter(new HeldStatSnapshotter(backend), Map.of(Plugin.ID, "slow"));
        assertTrue(snapshots.readsQuickly(NATIVE));
        assertFalse(snapshots.readsQuickly("slow"));
        assertFalse(snapshots.readsQuickly("absent"));
    }

    @Test
    void aSnapshotterThatMayBlockDoesNotHoldUpTheConnection() throws Exception {
        HeldStatSnapshotter held = new HeldStatSnapshotter(backend);
        snapshots.addSnapshotter(held, Map.of(Plugin.ID, "slow"));
        var stub = snapshots("a");
        stub.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("slow").setKey("held").build());
        prepare(stub, "quick", "");
        try {
            List<Info> heldStat = new ArrayList<>();
            Thread statting = Thread.ofVirtual().start(() -> heldStat.add(stub.stat(StatSnapshotRequest.newBuilder()
                    .setSnapshotter("slow").setKey("held").build()).getInfo()));
            assertTrue(held.hold.reached(30), "the slow snapshotter's stat did not start");
            // The same connection, while that stat waits as on a slow device.
            assertEquals("quick", stat(stub.withDeadlineAfter(10, TimeUnit.SECONDS), "quick").getName());
            assertEquals(1, stub.withDeadlineAfter(10, TimeUnit.SECONDS).mounts(MountsRequest.newBuilder()
                    .setSnapshotter("slow").setKey("held").build()).getMountsCount());
            held.hold.release();
            statting.join();
            assertEquals("held", heldStat.getFirst().getName());
            assertEquals(Status.Code.NOT_FOUND, code(() -> stub.mounts(MountsRequest.newBuilder()
                    .setSnapshotter("slow").setKey("absent").build())));
            assertEquals(Status.Code.NOT_FOUND, code(() -> stub.stat(StatSnapshotRequest.newBuilder()
                    .setSnapshotter("slow").setKey("absent").build())));
        } finally {
            held.hold.release();
        }
    }
}
