package io.berth.cli.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerResponse;
import io.berth.proto.containerd.services.containers.v1.ListContainersRequest;
import io.berth.proto.containerd.services.containers.v1.ListContainersResponse;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth containers ls, info, rm}: what they send and print, against in-process services. */
class ContainersCommandTest {
    private static final String SPEC = "{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"args\":[\"/bin/sh\"]}}";

    @TempDir
    Path dir;

    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private FakeDaemon daemon;

    /** Containers by id with containerd's answers; "locked" cannot be removed. */
    private final class Containers extends ContainersGrpc.ContainersImplBase {
        @Override
        public void get(GetContainerRequest request, StreamObserver<GetContainerResponse> response) {
            Container container = containers.get(request.getId());
            if (container == null) {
                response.onError(Status.NOT_FOUND.withDescription("container " + request.getId()
                        + ": not found in namespace default").asRuntimeException());
                return;
            }
            response.onNext(GetContainerResponse.newBuilder().setContainer(container).build());
            response.onCompleted();
        }

        @Override
        public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
            requests.add(request);
            response.onNext(ListContainersResponse.newBuilder()
                    .addAllContainers(containers.values().stream().sorted((a, b) -> a.getId().compareTo(b.getId()))
                            .toList()).build());
            response.onCompleted();
        }

        @Override
        public void delete(DeleteContainerRequest request, StreamObserver<Empty> response) {
            requests.add(request);
            if (request.getId().equals("locked")) {
                response.onError(Status.FAILED_PRECONDITION.withDescription("in use").asRuntimeException());
                return;
            }
            containers.remove(request.getId());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }
    }

    /** Removes snapshots; "gone" is already removed. */
    private final class Snapshots extends SnapshotsGrpc.SnapshotsImplBase {
        @Override
        public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> response) {
            requests.add(request);
            if (request.getKey().equals("gone")) {
                response.onError(Status.NOT_FOUND.withDescription("snapshot gone").asRuntimeException());
                return;
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }
    }

    private static Container.Builder container(String id) {
        return Container.newBuilder().setId(id)
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
                        .setValue(ByteString.copyFromUtf8(SPEC)))
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(433_203_260))
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_001));
    }

    @BeforeEach
    void startDaemon() throws IOException {
        containers.put("web", container("web").setImage("docker.io/library/nginx:latest").putLabels("b", "2")
                .putLabels("a", "1").setSnapshotter("overlayfs").setSnapshotKey("web")
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2")
                        .setOptions(Any.newBuilder().setTypeUrl("containerd.runc.v1.Options")))
                .build());
        containers.put("db", container("db").setSnapshotter("native").setSnapshotKey("gone").build());
        containers.put("locked", container("locked").build());
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Containers(), new Snapshots()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void listPrintsCtrsTableAndSendsTheFilters() {
        CliRun run = daemon.berth("containers", "ls", "image~=nginx");
        assertEquals(0, run.exitCode(), run.err());
        // As ctr's: each column as wide as its widest cell plus four spaces, the last one too.
        assertEquals("CONTAINER    IMAGE                             RUNTIME                  \n"
                + "db           -                                 io.containerd.runc.v2    \n"
                + "locked       -                                 io.containerd.runc.v2    \n"
                + "web          docker.io/library/nginx:latest    io.containerd.runc.v2    \n", run.out());
        assertEquals(List.of("image~=nginx"), ((ListContainersRequest) requests.getFirst()).getFiltersList());
        assertEquals("db\nlocked\nweb\n", daemon.berth("c", "ls", "-q").out());
    }

    @Test
    void infoPrintsTheRecordAsCtrDoesWithTheSpecAsJson() {
        CliRun run = daemon.berth("containers", "info", "web");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\n    \"ID\": \"web\",\n    \"Labels\": {\n        \"a\": \"1\","),
                run.out());
        JsonObject info = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(JsonParser.parseString("""
                {"ID": "web", "Labels": {"a": "1", "b": "2"}, "Image": "docker.io/library/nginx:latest",
                 "Runtime": {"Name": "io.containerd.runc.v2", "Options": {"type_url": "containerd.runc.v1.Options"}},
                 "SnapshotKey": "web", "Snapshotter": "overlayfs", "CreatedAt": "2023-11-14T22:13:20.43320326Z",
                 "UpdatedAt": "2023-11-14T22:13:21Z", "Extensions": null, "Spec": %s}""".formatted(SPEC)), info);
        assertEquals(JsonParser.parseString(SPEC), JsonParser.parseString(daemon.berth("containers", "info",
                "--spec", "web").out()));
        JsonObject plain = JsonParser.parseString(daemon.berth("containers", "info", "locked").out())
                .getAsJsonObject();
        assertTrue(plain.get("Labels").isJsonNull());
        assertTrue(plain.getAsJsonObject("Runtime").get("Options").isJsonNull());
    }

    @Test
    void infoOfAnUnknownContainerFails() {
        CliRun run = daemon.berth("containers", "info", "nothere");
        assertEquals(1, run.exitCode());
        assertEquals("berth: get container nothere: NotFound: container nothere: not found in namespace default\n",
                run.err());
    }

    @Test
    void removeTakesTheSnapshotFirstAndReportsEachFailure() {
        CliRun run = daemon.berth("containers", "rm", "web", "db", "nothere", "locked");
        assertEquals(1, run.exitCode());
        assertEquals("web\ndb\n", run.out());
        assertEquals("berth: failed to delete container nothere: NotFound: container nothere: not found in "
                + "namespace default\nberth: failed to delete container locked: FailedPrecondition: in use\n",
                run.err());
        assertEquals(List.of(
                RemoveSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("web").build(),
                DeleteContainerRequest.newBuilder().setId("web").build(),
                RemoveSnapshotRequest.newBuilder().setSnapshotter("native").setKey("gone").build(),
                DeleteContainerRequest.newBuilder().setId("db").build(),
                DeleteContainerRequest.newBuilder().setId("locked").build()), requests);
        assertEquals(List.of("locked"), List.copyOf(containers.keySet()));
    }

    @Test
    void removeCanKeepTheSnapshot() {
        assertEquals(0, daemon.berth("containers", "rm", "--keep-snapshot", "web").exitCode());
        assertEquals(List.of(DeleteContainerRequest.newBuilder().setId("web").build()), requests);
    }
}
