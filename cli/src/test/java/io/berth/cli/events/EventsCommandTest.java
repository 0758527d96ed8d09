package io.berth.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import io.berth.proto.containerd.events.NamespaceCreate;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.services.images.v1.ImageDelete;
import io.berth.proto.containerd.types.Envelope;
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

/** {@code berth events}: one line per event, against an in-process events service that sends three and ends. */
class EventsCommandTest {
    @TempDir
    Path dir;

    private final List<SubscribeRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Status endWith;
    private FakeDaemon daemon;

    private final class Events extends EventsGrpc.EventsImplBase {
        @Override
        public void subscribe(SubscribeRequest request, StreamObserver<Envelope> response) {
            requests.add(request);
            response.onNext(Envelope.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(120_000_000))
                    .setNamespace("default").setTopic("/namespaces/create")
                    .setEvent(Any.pack(NamespaceCreate.newBuilder().setName("team").putLabels("a", "1").build(),
                            "types.containerd.io"))
                    .build());
            response.onNext(Envelope.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_001))
                    .setNamespace("k8s.io").setTopic("/images/delete")
                    .setEvent(Any.pack(ImageDelete.newBuilder().setName("app:1").build(), "types.containerd.io"))
                    .build());
            response.onNext(Envelope.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_002))
                    .setNamespace("default").setTopic("/custom")
                    .setEvent(Any.newBuilder().setTypeUrl("example.com/Custom").setValue(ByteString.copyFromUtf8("hi")))
                    .build());
            if (endWith != null) {
                response.onError(endWith.asRuntimeException());
            } else {
                response.onCompleted();
            }
        }
    }

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of(), List.of(new Events()));
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    @Test
    void eachEventIsOneLineWithItsPayloadAsJson() {
        CliRun run = daemon.berth("events", "topic~=/images/");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                2023-11-14 22:13:20.12 +0000 UTC default /namespaces/create {"name":"team","labels":{"a":"1"}}
                2023-11-14 22:13:21 +0000 UTC k8s.io /images/delete {"name":"app:1"}
                2023-11-14 22:13:22 +0000 UTC default /custom {"type_url":"example.com/Custom","value":"aGk="}
                """, run.out());
        assertEquals(List.of("topic~=/images/"), requests.getFirst().getFiltersList());
    }

    @Test
    void jsonPrintsEachEnvelopeOnOneLine() {
        CliRun run = daemon.berth("--format", "json", "events");
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertEquals("{\"timestamp\":\"2023-11-14T22:13:21Z\",\"namespace\":\"k8s.io\",\"topic\":\"/images/delete\","
                + "\"event\":{\"@type\":\"types.containerd.io/containerd.services.images.v1.ImageDelete\","
                + "\"name\":\"app:1\"}}", lines.get(1));
    }

    @Test
    void aBrokenStreamIsReportedOnOneLine() {
        endWith = Status.UNAVAILABLE.withDescription("daemon is shutting down");
        CliRun run = daemon.berth("events");
        assertEquals(1, run.exitCode());
        assertEquals(3, run.out().lines().count());
        assertEquals("berth: receive events: Unavailable: daemon is shutting down\n", run.err());
    }
}
