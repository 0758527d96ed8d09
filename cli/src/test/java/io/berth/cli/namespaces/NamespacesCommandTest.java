package io.berth.cli.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.CreateNamespaceResponse;
import io.berth.proto.containerd.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesRequest;
import io.berth.proto.containerd.services.namespaces.v1.ListNamespacesResponse;
import io.berth.proto.containerd.services.namespaces.v1.Namespace;
import io.berth.proto.containerd.services.namespaces.v1.NamespacesGrpc;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.proto.containerd.services.namespaces.v1.UpdateNamespaceResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth namespaces}: what it sends and how it prints, against an in-process namespaces service. */
class NamespacesCommandTest {
    @TempDir
    Path dir;

    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private FakeDaemon daemon;

    /** Answers List with three namespaces, refuses to delete "busy", and records every request. */
    private final class Namespaces extends NamespacesGrpc.NamespacesImplBase {
        @Override
        public void list(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> response) {
            response.onNext(ListNamespacesResponse.newBuilder()
                    .addNamespaces(Namespace.newBuilder().setName("default"))
                    .addNamespaces(Namespace.newBuilder().setName("k8s.io").putLabels("zz", "2").putLabels("a", "1"))
                    .addNamespaces(Namespace.newBuilder().setName("x"))
                    .build());
            response.onCompleted();
        }

        @Override
        public void create(CreateNamespaceRequest request, StreamObserver<CreateNamespaceResponse> response) {
            requests.add(request);
            response.onNext(CreateNamespaceResponse.newBuilder().setNamespace(request.getNamespace()).build());
            response.onCompleted();
        }

        @Override
        public void update(UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> response) {
            requests.add(request);
            response.onNext(UpdateNamespaceResponse.newBuilder().setNamespace(request.getNamespace()).build());
            response.onCompleted();
        }

        @Override
        public void delete(DeleteNamespaceRequest request, StreamObserver<Empty> response) {
            requests.add(request.getName());
            switch (request.getName()) {
                case "busy" -> response.onError(Status.FAILED_PRECONDITION
                        .withDescription("namespace \"busy\" must be empty, but it still has images")
                        .asRuntimeException());
                case "gone" -> response.onError(Status.NOT_FOUND.withDescription("namespace gone").asRuntimeException());
                default -> {
                    response.onNext(Empty.getDefaultInstance());
                    response.onCompleted();
                }
            }
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Namespaces()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void listPrintsCtrsTable() {
        CliRun run = daemon.berth("namespaces", "ls");
        assertEquals(0, run.exitCode(), run.err());
        // Widths 8 and 9: the widest cell plus one; every line ends in the padding of its last column.
        assertEquals("NAME    LABELS   \n"
                + "default          \n"
                + "k8s.io  a=1,zz=2 \n"
                + "x                \n", run.out());
    }

    @Test
    void quietAndJsonListings() {
        assertEquals("default\nk8s.io\nx\n", daemon.berth("ns", "ls", "-q").out());
        String json = daemon.berth("--format", "json", "namespace", "list").out();
        assertTrue(json.contains("\"name\": \"k8s.io\""), json);
    }

    @Test
    void createSendsNameAndLabels() {
        CliRun run = daemon.berth("ns", "create", "team", "owner=me", "bare");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        CreateNamespaceRequest sent = (CreateNamespaceRequest) requests.getFirst();
        assertEquals("team", sent.getNamespace().getName());
        assertEquals(java.util.Map.of("owner", "me", "bare", ""), sent.getNamespace().getLabelsMap());
    }

    @Test
    void labelSetsAndClearsOnlyTheKeysGiven() {
        daemon.berth("ns", "label", "team", "owner=you", "old=");
        UpdateNamespaceRequest sent = (UpdateNamespaceRequest) requests.getFirst();
        assertEquals(List.of("labels.owner", "labels.old"), sent.getUpdateMask().getPathsList());
        assertEquals(java.util.Map.of("owner", "you"), sent.getNamespace().getLabelsMap());
    }

    @Test
    void removeGoesOnPastAFailureAndExitsOne() {
        CliRun run = daemon.berth("ns", "rm", "a", "busy", "gone", "b");
        assertEquals(1, run.exitCode());
        assertEquals(List.of("a", "busy", "gone", "b"), requests);
        assertEquals("a\ngone\nb\n", run.out());
        assertEquals("berth: unable to delete busy: FailedPrecondition: namespace \"busy\" must be empty,"
                + " but it still has images\n", run.err());
    }

    @Test
    void removeWithoutNamesIsAUsageError() {
        CliRun run = daemon.berth("ns", "rm");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("berth: missing required parameter"), run.err());
    }
}
