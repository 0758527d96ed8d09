package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;

import io.berth.api.events.Event;
import io.berth.proto.containerd.events.TaskStart;
import io.berth.proto.containerd.services.events.ttrpc.v1.ForwardRequest;
import io.berth.proto.containerd.types.Envelope;
import io.berth.ttrpc.TtrpcClient;
import io.grpc.Status;
import io.grpc.StatusException;

/** The ttrpc events socket, called as a shim calls it, over a real connection. */
class ShimEventsEndpointTest {
    @TempDir
    Path dir;

    private final List<Event> received = new CopyOnWriteArrayList<>();

    @Test
    void aForwardedEventGoesOnTheBusAsItIsAndTheSocketGoesWithTheEndpoint() throws Exception {
        ShimEventsEndpoint endpoint = endpoint();
        Path socket = dir.resolve("berth.sock.ttrpc");
        assertTrue(Files.exists(socket));
        TaskStart start = TaskStart.newBuilder().setContainerId("t1").setPid(42).build();
        Instant at = Instant.parse("2026-01-02T03:04:05.000000006Z");

        try (TtrpcClient shim = TtrpcClient.connect(socket)) {
            shim.call(ShimEventsEndpoint.SERVICE, "Forward", ForwardRequest.newBuilder().setEnvelope(Envelope.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                    .setNamespace("k8s.io").setTopic("/tasks/start").setEvent(Any.newBuilder()
                    .setTypeUrl("containerd.events.TaskStart").setValue(start.toByteString())))
                    .build(), Empty.parser(), Duration.ofSeconds(30), null);
        } finally {
            endpoint.stop();
        }

        assertEquals(1, received.size());
        Event event = received.getFirst();
        assertEquals(at, event.timestamp());
        assertEquals("k8s.io", event.namespace());
        assertEquals("/tasks/start", event.topic());
        assertEquals("containerd.events.TaskStart", event.typeUrl());
        assertArrayEquals(start.toByteArray(), event.payload());
        assertFalse(Files.exists(socket));
    }

    @Test
    void anEnvelopeWithoutTimestampOrWithABadTopicIsAnInvalidArgument() throws Exception {
        ShimEventsEndpoint endpoint = endpoint();
        try (TtrpcClient shim = TtrpcClient.connect(dir.resolve("berth.sock.ttrpc"))) {
            for (Envelope bad : List.of(
                    Envelope.newBuilder().setNamespace("default").setTopic("/tasks/start").build(),
                    Envelope.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1)).setNamespace("default")
                            .setTopic("tasks//start").build(),
                    Envelope.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1)).setNamespace("../x")
                            .setTopic("/tasks/start").build())) {
                StatusException e = assertThrows(StatusException.class, () -> shim.call(ShimEventsEndpoint.SERVICE,
                        "Forward", ForwardRequest.newBuilder().setEnvelope(bad).build(), Empty.parser(),
                        Duration.ofSeconds(30), null));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.toString());
            }
        } finally {
            endpoint.stop();
        }
        assertEquals(List.of(), received);
    }

    private ShimEventsEndpoint endpoint() throws Exception {
        GrpcAddress address = (GrpcAddress) Proxy.newProxyInstance(GrpcAddress.class.getClassLoader(),
                new Class<?>[] {GrpcAddress.class}, (proxy, method, args) -> dir.resolve("berth.sock").toString());
        Logger silent = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
        return new ShimEventsEndpoint(silent, received::add, address);
    }
}
