package io.berth.services.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.events.EventSink;
import io.berth.api.events.Subscription;
import io.berth.grpc.RequestContext;
import io.berth.grpc.internal.TestGrpcServer;
import io.berth.proto.containerd.events.NamespaceCreate;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.ForwardRequest;
import io.berth.proto.containerd.services.events.v1.PublishRequest;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;

/** The events service over the real gRPC server on a Unix socket, on the real exchange. */
class EventsServiceTest {
    @TempDir
    Path dir;

    private EventBus bus;
    /** One permit per subscription the service has placed on the bus, so a test publishes only after it. */
    private final Semaphore subscribed = new Semaphore(0);
    private TestGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        EventBus exchange = TestBus.start();
        bus = new EventBus() {
            @Override
            public void forward(Event event) {
                exchange.forward(event);
            }

            @Override
            public Subscription subscribe(List<String> filters, EventSink sink) {
                Subscription subscription = exchange.subscribe(filters, sink);
                subscribed.release();
                return subscription;
            }
        };
        Path socket = dir.resolve("berth.sock");
        server = TestGrpcServer.start(socket, new EventsService(bus));
        channel = server.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private EventsGrpc.EventsBlockingStub events(String namespace) {
        Metadata headers = new Metadata();
        headers.put(RequestContext.NAMESPACE_HEADER, namespace);
        return EventsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private Iterator<Envelope> subscribe(String... filters) throws InterruptedException {
        Iterator<Envelope> stream = events("default").subscribe(
                SubscribeRequest.newBuilder().addAllFilters(List.of(filters)).build());
        subscribed.acquire();
        return stream;
    }

    private static Any namespaceCreate(String name) {
        return Any.newBuilder().setTypeUrl("containerd.events.NamespaceCreate")
                .setValue(NamespaceCreate.newBuilder().setName(name).build().toByteString()).build();
    }

    private void publish(String namespace, String topic, Any event) {
        events(namespace).publish(PublishRequest.newBuilder().setTopic(topic).setEvent(event).build());
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void publishedEventsReachSubscribersInTheRequestsNamespace() throws InterruptedException {
        Iterator<Envelope> stream = subscribe();
        Instant before = Instant.now();
        publish("k8s.io", "/namespaces/create", namespaceCreate("a"));
        Envelope envelope = stream.next();
        assertEquals("k8s.io", envelope.getNamespace());
        assertEquals("/namespaces/create", envelope.getTopic());
        assertEquals(namespaceCreate("a"), envelope.getEvent());
        assertFalse(Instant.ofEpochSecond(envelope.getTimestamp().getSeconds(), envelope.getTimestamp().getNanos())
                .isBefore(before.minusSeconds(1)), envelope.toString());
    }

    @Test
    void subscribeFiltersByTopicNamespaceAndEventFields() throws InterruptedException {
        Iterator<Envelope> byName = subscribe("event.name==b");
        Iterator<Envelope> byNamespace = subscribe("namespace==k8s.io,topic==\"/namespaces/create\"");
        publish("default", "/namespaces/create", namespaceCreate("a"));
        publish("default", "/namespaces/create", namespaceCreate("b"));
        publish("k8s.io", "/namespaces/create", namespaceCreate("c"));
        assertEquals(namespaceCreate("b"), byName.next().getEvent());
        assertEquals(namespaceCreate("c"), byNamespace.next().getEvent());
    }

    @Test
    void forwardKeepsTheEnvelopesNamespaceAndTime() throws InterruptedException {
        Iterator<Envelope> stream = subscribe();
        Envelope envelope = Envelope.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1600000000).setNanos(5))
                .setNamespace("elsewhere").setTopic("/tasks/exit").setEvent(namespaceCreate("x")).build();
        events("default").forward(ForwardRequest.newBuilder().setEnvelope(envelope).build());
        assertEquals(envelope, stream.next());
    }

    @Test
    void badTopicsNamespacesTimestampsAndFiltersAreInvalidArguments() {
        for (String topic : List.of("", "no-slash", "/", "/a//b", "/a b")) {
            assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> publish("default", topic, namespaceCreate("a"))),
                    topic);
        }
        Envelope good = Envelope.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1))
                .setNamespace("n").setTopic("/a/b").build();
        for (Envelope bad : List.of(good.toBuilder().clearTimestamp().build(), good.toBuilder().setNamespace("").build(),
                good.toBuilder().setNamespace("a/b").build(), good.toBuilder().setTopic("a").build())) {
            assertEquals(Status.Code.INVALID_ARGUMENT,
                    code(() -> events("default").forward(ForwardRequest.newBuilder().setEnvelope(bad).build())),
                    bad.toString());
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> events("default")
                .subscribe(SubscribeRequest.newBuilder().addFilters("topic==").build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("topic=="), e.getStatus().getDescription());
    }
}
