package io.berth.services.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.FieldMask;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.metadata.Namespace;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.proto.containerd.events.NamespaceCreate;
import io.berth.proto.containerd.events.NamespaceDelete;
import io.berth.proto.containerd.events.NamespaceUpdate;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.GetNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.services.events.TestBus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.channel.EventLoopGroup;

/** The namespaces service over the real gRPC server on a Unix socket, on a real SQLite store. */
class NamespacesServiceTest {
    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private EventBus events;
    private TestGrpcServer server;
    private ManagedChannel channel;
    private NamespacesGrpc.NamespacesBlockingStub namespaces;

    @BeforeEach
    void start() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        events = TestBus.start();
        Path socket = dir.resolve("berth.sock");
        server = TestGrpcServer.start(socket, new NamespacesService(metadata, events));
        channel = server.channel();
        namespaces = NamespacesGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        metadata.close();
    }

    private static io.berth.proto.containerd.services.namespaces.v1.Namespace namespace(String name,
                                                                                       Map<String, String> labels) {
        return io.berth.proto.containerd.services.namespaces.v1.Namespace.newBuilder()
                .setName(name).putAllLabels(labels).build();
    }

    private void create(String name, Map<String, String> labels) {
        namespaces.create(CreateNamespaceRequest.newBuilder().setNamespace(namespace(name, labels)).build());
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void createThenGetAndList() {
        var created = namespaces.create(CreateNamespaceRequest.newBuilder()
                .setNamespace(namespace("k8s.io", Map.of("team", "a"))).build()).getNamespace();
        assertEquals(namespace("k8s.io", Map.of("team", "a")), created);
        create("default", Map.of());
        assertEquals(created, namespaces.get(GetNamespaceRequest.newBuilder().setName("k8s.io").build()).getNamespace());
        assertEquals(2, namespaces.list(ListNamespacesRequest.getDefaultInstance()).getNamespacesCount());
    }

    @Test
    void listTakesContainerdsFilters() {
        create("a", Map.of("team", "x"));
        create("b", Map.of("team", "y"));
        var found = namespaces.list(ListNamespacesRequest.newBuilder().setFilter("labels.team==y").build());
        assertEquals(1, found.getNamespacesCount());
        assertEquals("b", found.getNamespaces(0).getName());
        assertEquals(Status.Code.INVALID_ARGUMENT,
                code(() -> namespaces.list(ListNamespacesRequest.newBuilder().setFilter("name==").build())));
    }

    @Test
    void updateFollowsTheFieldPaths() {
        create("n", Map.of("a", "1", "b", "2"));
        var one = namespaces.update(UpdateNamespaceRequest.newBuilder().setNamespace(namespace("n", Map.of("a", "9")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.a").addPaths("labels.b")).build());
        assertEquals(Map.of("a", "9"), one.getNamespace().getLabelsMap());
        var all = namespaces.update(UpdateNamespaceRequest.newBuilder()
                .setNamespace(namespace("n", Map.of("c", "3"))).build());
        assertEquals(Map.of("c", "3"), all.getNamespace().getLabelsMap());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> namespaces.update(
                UpdateNamespaceRequest.newBuilder().setNamespace(namespace("n", Map.of()))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("cannot update \"name\" field", e.getStatus().getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> namespaces.update(UpdateNamespaceRequest.newBuilder()
                .setNamespace(namespace("n", Map.of("d", "4"))).setUpdateMask(FieldMask.newBuilder().addPaths("labels"))
                .build())));
    }

    @Test
    void refusalsCarryContainerdsCodes() {
        create("n", Map.of());
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> create("n", Map.of())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create("no/slash", Map.of())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> create("big", Map.of("k", "v".repeat(5000)))));
    }

    @Test
    void getOfANamespaceThatDoesNotExistAnswersWithItsNameAndNoLabelsAndMakesNone() {
        assertEquals(namespace("missing", Map.of()),
                namespaces.get(GetNamespaceRequest.newBuilder().setName("missing").build()).getNamespace());
        assertEquals(List.of(), metadata.read(tx -> tx.namespaces().list()));
    }

    @Test
    void deleteRemovesANamespaceAndThenItIsNotFound() {
        create("empty", Map.of());
        namespaces.delete(DeleteNamespaceRequest.newBuilder().setName("empty").build());
        assertTrue(namespaces.list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList().stream()
                .noneMatch(namespace -> namespace.getName().equals("empty")));
        assertEquals(Status.Code.NOT_FOUND,
                code(() -> namespaces.delete(DeleteNamespaceRequest.newBuilder().setName("empty").build())));
    }

    @Test
    void whatTheServiceWritesIsInTheStore() {
        create("n", Map.of("a", "1"));
        assertEquals(new Namespace("n", Map.of("a", "1")), metadata.read(tx -> tx.namespaces().get("n")));
    }

    @Test
    void changesArePublishedOnceCommittedInTheNamespaceTheyAreAbout() throws Exception {
        TestBus.Received received = TestBus.subscribe(events);
        create("n", Map.of("a", "1"));
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> create("n", Map.of())));
        namespaces.update(UpdateNamespaceRequest.newBuilder().setNamespace(namespace("n", Map.of("b", "2"))).build());
        namespaces.update(UpdateNamespaceRequest.newBuilder().setNamespace(namespace("n", Map.of("b", "", "c", "3")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels.b")).build());
        namespaces.delete(DeleteNamespaceRequest.newBuilder().setName("n").build());

        Event created = received.next();
        assertEquals("n", created.namespace());
        assertEquals("/namespaces/create", created.topic());
        assertEquals("containerd.events.NamespaceCreate", created.typeUrl());
        assertEquals(NamespaceCreate.newBuilder().setName("n").putLabels("a", "1").build(),
                NamespaceCreate.parseFrom(created.payload()));
        Event updated = received.next();
        assertEquals("n", updated.namespace());
        assertEquals("/namespaces/update", updated.topic(), "a refused create publishes nothing");
        assertEquals("containerd.events.NamespaceUpdate", updated.typeUrl());
        assertEquals(NamespaceUpdate.newBuilder().setName("n").putLabels("b", "2").build(),
                NamespaceUpdate.parseFrom(updated.payload()));
        Event labelled = received.next();
        assertEquals("/namespaces/update", labelled.topic());
        assertEquals(NamespaceUpdate.newBuilder().setName("n").putLabels("b", "").putLabels("c", "3").build(),
                NamespaceUpdate.parseFrom(labelled.payload()),
                "every label the request gave, even one its mask leaves out, and none the namespace has besides");
        Event deleted = received.next();
        assertEquals("n", deleted.namespace());
        assertEquals("/namespaces/delete", deleted.topic());
        assertEquals("containerd.events.NamespaceDelete", deleted.typeUrl());
        assertEquals("n", NamespaceDelete.parseFrom(deleted.payload()).getName());
    }
}
