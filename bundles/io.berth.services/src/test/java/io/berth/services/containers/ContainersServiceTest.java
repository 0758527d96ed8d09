package io.berth.services.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.events.ContainerCreate;
import io.berth.proto.containerd.events.ContainerDelete;
import io.berth.proto.containerd.events.ContainerUpdate;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.CreateContainerRequest;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.containers.v1.UpdateContainerRequest;
import io.berth.services.events.TestBus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** The containers service over the real gRPC server on a Unix socket, on a real SQLite store. */
class ContainersServiceTest {
    private static final String RUNC = "io.containerd.runc.v2";
    private static final Any SPEC = any("types.containerd.io/opencontainers/runtime-spec/1/Spec",
            "{\"ociVersion\":\"1.0.2-dev\"}");
    private static final Any OPTIONS = any("containerd.runc.v1.Options", "\u0012\u0004runc");

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private EventBus events;
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        events = TestBus.start();
        server = TestGrpcServer.start(dir.resolve("berth.sock"), new ContainersService(metadata, events));
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private static Any any(String type, String value) {
        return Any.newBuilder().setTypeUrl(type).setValue(ByteString.copyFromUtf8(value)).build();
    }

    private ContainersGrpc.ContainersBlockingStub containers(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return ContainersGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Container.Builder container(String id) {
        return Container.newBuilder().setId(id).setRuntime(Container.Runtime.newBuilder().setName(RUNC))
                .setSpec(SPEC);
    }

    private static Container create(ContainersGrpc.ContainersBlockingStub stub, Container.Builder container) {
        return stub.create(CreateContainerRequest.newBuilder().setContainer(container).build()).getContainer();
    }

    private static Container get(ContainersGrpc.ContainersBlockingStub stub, String id) {
        return stub.get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
    }

    private static Container update(ContainersGrpc.ContainersBlockingStub stub, Container.Builder container,
                                    String... paths) {
        return stub.update(UpdateContainerRequest.newBuilder().setContainer(container)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build()).getContainer();
    }

    private static List<String> ids(ContainersGrpc.ContainersBlockingStub stub, String... filters) {
        return stub.list(ListContainersRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .getContainersList().stream().map(Container::getId).toList();
    }

    private static List<String> streamedIds(ContainersGrpc.ContainersBlockingStub stub, String... filters) {
        List<String> ids = new ArrayList<>();
        stub.listStream(ListContainersRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .forEachRemaining(message -> ids.add(message.getContainer().getId()));
        return ids;
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void createThenGetAndListEveryField() {
        var stub = containers("default");
        Container created = create(stub, container("c1").putLabels("team", "a")
                .setImage("docker.io/library/busybox:latest")
                .setRuntime(Container.Runtime.newBuilder().setName(RUNC).setOptions(OPTIONS))
                .setSnapshotter("overlayfs").setSnapshotKey("c1").setSandbox("pod-1")
                .putExtensions("ext", any("example.com/Ext", "x")));
        assertEquals("c1", created.getId());
        assertEquals(Map.of("team", "a"), created.getLabelsMap());
        assertEquals("docker.io/library/busybox:latest", created.getImage());
        assertEquals(RUNC, created.getRuntime().getName());
        assertEquals(OPTIONS, created.getRuntime().getOptions());
        assertEquals(SPEC, created.getSpec());
        assertEquals("overlayfs", created.getSnapshotter());
        assertEquals("c1", created.getSnapshotKey());
        assertEquals("pod-1", created.getSandbox());
        assertEquals(Map.of("ext", any("example.com/Ext", "x")), created.getExtensionsMap());
        assertTrue(created.hasCreatedAt());
        assertEquals(created.getCreatedAt(), created.getUpdatedAt());
        assertEquals(created, get(stub, "c1"));

        Container plain = create(stub, container("c2"));
        assertFalse(plain.getRuntime().hasOptions());
        assertEquals(List.of("c1", "c2"), ids(stub));
        assertEquals(List.of("c1", "c2"), streamedIds(stub));
    }

    @Test
    void createRefusesDuplicatesAndWhatContainerdRefuses() {
        var stub = containers("default");
        create(stub, container("c"));
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> create(stub, container("c"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, container("bad id"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, container("d").clearRuntime())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, container("d").clearSpec())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, container("d").setSnapshotKey("d"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create(stub, container("d")
                .putLabels("k", "v".repeat(5000)))));
        assertEquals(Status.Code.NOT_FOUND, code(() -> get(stub, "d")));
    }

    @Test
    void listTakesContainerdsFilters() {
        var stub = containers("default");
        create(stub, container("a").setImage("busybox").putLabels("team", "x"));
        create(stub, container("b").setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runsc.v1"))
                .putLabels("io.berth.role", "db"));
        assertEquals(List.of("b"), ids(stub, "id==b"));
        assertEquals(List.of("a"), ids(stub, "image==busybox"));
        assertEquals(List.of("b"), ids(stub, "image!=busybox"));
        assertEquals(List.of("b"), ids(stub, "runtime.name==io.containerd.runsc.v1"));
        assertEquals(List.of("a"), ids(stub, "labels.team==x"));
        assertEquals(List.of("b"), ids(stub, "labels.\"io.berth.role\"==db"));
        assertEquals(List.of("a"), ids(stub, "image"));
        // Separate filters are alternatives, as in containerd.
        assertEquals(List.of("a", "b"), ids(stub, "id==a", "labels.\"io.berth.role\""));
        assertEquals(List.of("b"), streamedIds(stub, "runtime.name~=runsc"));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ids(stub, "id==")));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> streamedIds(stub, "id==")));
    }

    @Test
    void updateFollowsTheFieldMask() {
        var stub = containers("default");
        Container created = create(stub, container("c").putLabels("a", "1").putLabels("b", "2")
                .setSnapshotter("overlayfs").setSnapshotKey("c"));
        // ctr's label command sends only the id and the labels its paths name.
        Container labels = update(stub, Container.newBuilder().setId("c").putLabels("a", "9"), "labels.a", "labels.b");
        assertEquals(Map.of("a", "9"), labels.getLabelsMap());
        assertEquals(created.getSpec(), labels.getSpec());
        assertEquals(created.getCreatedAt(), labels.getCreatedAt());
        assertNotEquals(created.getUpdatedAt(), labels.getUpdatedAt());

        Container replaced = update(stub, container("c").putLabels("z", "3").setImage("busybox")
                .setSnapshotter("overlayfs"));
        assertEquals(Map.of("z", "3"), replaced.getLabelsMap());
        assertEquals("busybox", replaced.getImage());
        assertEquals("c", replaced.getSnapshotKey());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> update(stub, container("c"), "runtime"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("cannot update \"runtime\" field on \"c\"", e.getStatus().getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> update(stub, container("c").setSnapshotter("native"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> update(stub, container(""), "labels")));
        assertEquals(Status.Code.NOT_FOUND, code(() -> update(stub, container("missing"), "labels")));
    }

    @Test
    void deleteRemovesTheContainerAndOnlyInItsNamespace() {
        create(containers("a"), container("c"));
        create(containers("b"), container("c").setImage("other"));
        containers("a").delete(DeleteContainerRequest.newBuilder().setId("c").build());
        assertEquals(List.of(), ids(containers("a")));
        assertEquals("other", get(containers("b"), "c").getImage());
        assertEquals(Status.Code.NOT_FOUND, code(() -> containers("a").delete(DeleteContainerRequest.newBuilder()
                .setId("c").build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> get(containers("c"), "c")));
    }

    @Test
    void changesArePublishedInTheContainersNamespace() throws Exception {
        TestBus.Received received = TestBus.subscribe(events);
        var stub = containers("k8s.io");
        create(stub, container("c").setImage("busybox")
                .setRuntime(Container.Runtime.newBuilder().setName(RUNC).setOptions(OPTIONS)));
        update(stub, Container.newBuilder().setId("c").putLabels("a", "1"), "labels.a");
        stub.delete(DeleteContainerRequest.newBuilder().setId("c").build());

        Event created = received.next();
        assertEquals("k8s.io", created.namespace());
        assertEquals("/containers/create", created.topic());
        assertEquals("containerd.events.ContainerCreate", created.typeUrl());
        assertEquals(ContainerCreate.newBuilder().setId("c").setImage("busybox")
                .setRuntime(ContainerCreate.Runtime.newBuilder().setName(RUNC).setOptions(OPTIONS)).build(),
                ContainerCreate.parseFrom(created.payload()));
        Event updated = received.next();
        assertEquals("/containers/update", updated.topic());
        assertEquals("containerd.events.ContainerUpdate", updated.typeUrl());
        assertEquals(ContainerUpdate.newBuilder().setId("c").setImage("busybox").putLabels("a", "1").build(),
                ContainerUpdate.parseFrom(updated.payload()));
        Event deleted = received.next();
        assertEquals("/containers/delete", deleted.topic());
        assertEquals("containerd.events.ContainerDelete", deleted.typeUrl());
        assertEquals(ContainerDelete.newBuilder().setId("c").build(), ContainerDelete.parseFrom(deleted.payload()));
    }
}
