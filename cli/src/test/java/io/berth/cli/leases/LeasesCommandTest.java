package io.berth.cli.leases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.CreateResponse;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.Lease;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.leases.v1.ListRequest;
import io.berth.proto.containerd.services.leases.v1.ListResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth leases}: what it sends and prints, against an in-process leases service. */
class LeasesCommandTest {
    @TempDir
    Path dir;

    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private FakeDaemon daemon;

    private final class Leases extends LeasesGrpc.LeasesImplBase {
        @Override
        public void create(CreateRequest request, StreamObserver<CreateResponse> response) {
            requests.add(request);
            String id = request.getId().isEmpty() ? "made-up-by-the-daemon" : request.getId();
            response.onNext(CreateResponse.newBuilder().setLease(Lease.newBuilder().setId(id)).build());
            response.onCompleted();
        }

        @Override
        public void delete(DeleteRequest request, StreamObserver<Empty> response) {
            requests.add(request);
            if (request.getId().equals("missing")) {
                response.onError(Status.NOT_FOUND.withDescription("lease missing: not found").asRuntimeException());
                return;
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void list(ListRequest request, StreamObserver<ListResponse> response) {
            requests.add(request);
            response.onNext(ListResponse.newBuilder().addLeases(Lease.newBuilder().setId("l1")).build());
            response.onCompleted();
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Leases()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void createSendsTheIdLabelsAndAnExpiryAndPrintsTheId() {
        CliRun run = daemon.berth("leases", "create", "--id", "build-1", "--expires", "1h", "owner=me");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("build-1\n", run.out());
        CreateRequest sent = (CreateRequest) requests.getFirst();
        assertEquals("build-1", sent.getId());
        assertEquals("me", sent.getLabelsOrThrow("owner"));
        OffsetDateTime expiry = OffsetDateTime.parse(sent.getLabelsOrThrow("containerd.io/gc.expire"));
        OffsetDateTime now = OffsetDateTime.now();
        assertTrue(expiry.isAfter(now.plusMinutes(50)) && expiry.isBefore(now.plusMinutes(70)), expiry.toString());
    }

    @Test
    void createWithoutExpiryOrIdLeavesTheIdToTheDaemonAndSetsNoExpiry() {
        CliRun run = daemon.berth("leases", "create", "--expires", "0");
        CreateRequest sent = (CreateRequest) requests.getFirst();
        assertTrue(sent.getId().isEmpty());
        assertEquals("made-up-by-the-daemon\n", run.out());
        assertFalse(sent.containsLabels("containerd.io/gc.expire"));
    }

    @Test
    void removeStopsAtTheFirstFailure() {
        CliRun run = daemon.berth("leases", "rm", "--sync", "a", "missing", "b");
        assertEquals(1, run.exitCode());
        assertEquals("a\n", run.out());
        assertEquals("berth: delete lease missing: NotFound: lease missing: not found\n", run.err());
        assertTrue(((DeleteRequest) requests.getFirst()).getSync());
        assertEquals(2, requests.size());
    }

    @Test
    void listSendsFiltersAndQuietPrintsIds() {
        CliRun run = daemon.berth("leases", "ls", "-q", "id==l1");
        assertEquals("l1\n", run.out());
        assertEquals(List.of("id==l1"), ((ListRequest) requests.getFirst()).getFiltersList());
    }

    @Test
    void tableIsCtrsWithRfc3339Times() {
        StringWriter text = new StringWriter();
        LeaseTable.print(new PrintWriter(text), List.of(
                Lease.newBuilder().setId("build-1").setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                        .putLabels("containerd.io/gc.expire", "2023-11-15T22:13:20Z").build(),
                Lease.newBuilder().setId("x").setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_001).setNanos(5))
                        .build()),
                ZoneId.of("UTC"));
        String label = "containerd.io/gc.expire=2023-11-15T22:13:20Z";
        // Each column is its widest cell plus one space; the last one too, as every line ends in a tab.
        assertEquals("ID      CREATED AT           LABELS" + " ".repeat(label.length() + 1 - 6) + "\n"
                + "build-1 2023-11-14T22:13:20Z " + label + " \n"
                + "x       2023-11-14T22:13:21Z -" + " ".repeat(label.length()) + "\n", text.toString());
    }
}
