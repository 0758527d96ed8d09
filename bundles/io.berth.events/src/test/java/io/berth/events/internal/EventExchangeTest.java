package io.berth.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.Event;
import io.berth.api.events.Subscription;
import io.berth.proto.containerd.events.NamespaceCreate;

class EventExchangeTest {
    private static final String NAMESPACE_CREATE = "containerd.events.NamespaceCreate";

    private final RecordingLogger log = new RecordingLogger();
    private final EventExchange exchange = new EventExchange(log.logger, 4);
    private final List<Subscription> subscriptions = new ArrayList<>();

    @AfterEach
    void stop() {
        subscriptions.forEach(Subscription::close);
        exchange.deactivate();
    }

    private RecordingSink subscribe(String... filters) {
        RecordingSink sink = new RecordingSink();
        subscriptions.add(exchange.subscribe(List.of(filters), sink));
        return sink;
    }

    private void publish(String namespace, String topic) {
        exchange.publish(namespace, topic, "", new byte[0]);
    }

    private static byte[] namespaceCreate(String name, String team) {
        return NamespaceCreate.newBuilder().setName(name).putLabels("team", team).build().toByteArray();
    }

    @Test
    void eachSubscriberGetsEveryEventInPublishingOrder() throws InterruptedException {
        RecordingSink first = subscribe();
        RecordingSink second = subscribe();
        for (int i = 0; i < 3; i++) {
            publish("default", "/test/n" + i);
        }
        for (RecordingSink sink : List.of(first, second)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("/test/n" + i, sink.next().topic());
            }
        }
    }

    @Test
    void publishStampsTheTimeAndForwardKeepsTheEnvelope() throws InterruptedException {
        RecordingSink sink = subscribe();
        Instant before = Instant.now();
        exchange.publish("ns", "/namespaces/create", NAMESPACE_CREATE, namespaceCreate("a", "x"));
        Event published = sink.next();
        assertFalse(published.timestamp().isBefore(before), published.toString());
        assertEquals(NAMESPACE_CREATE, published.typeUrl());
        Event forwarded = new Event(Instant.parse("2020-01-02T03:04:05Z"), "other", "/x/y", "t", new byte[] {1});
        exchange.forward(forwarded);
        assertEquals(forwarded, sink.next());
    }

    @Test
    void filtersSelectByTopicNamespaceAndPayloadFields() throws InterruptedException {
        RecordingSink byTopic = subscribe("topic==\"/namespaces/create\"");
        RecordingSink byNamespace = subscribe("namespace==k8s.io");
        RecordingSink byPayload = subscribe("event.labels.team==y", "topic~=/images/");
        RecordingSink everything = subscribe();

        exchange.publish("default", "/namespaces/create", NAMESPACE_CREATE, namespaceCreate("a", "x"));
        exchange.publish("k8s.io", "/namespaces/create", NAMESPACE_CREATE, namespaceCreate("b", "y"));
        publish("k8s.io", "/images/delete");
        publish("default", "/content/delete");
        for (int i = 0; i < 4; i++) {
            everything.next();
        }

        assertEquals("default", byTopic.next().namespace());
        assertEquals("k8s.io", byTopic.next().namespace());
        assertEquals("/namespaces/create", byNamespace.next().topic());
        assertEquals("/images/delete", byNamespace.next().topic());
        assertEquals("k8s.io", byPayload.next().namespace());
        assertEquals("/images/delete", byPayload.next().topic());
        assertTrue(byTopic.received.isEmpty() && byNamespace.received.isEmpty() && byPayload.received.isEmpty());
    }

    @Test
    void aFilterThatDoesNotParseIsInvalidArgument() {
        BerthException e = assertThrows(BerthException.class,
                () -> exchange.subscribe(List.of("topic=="), new RecordingSink()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
    }

    @Test
    void topicsAreCheckedAsContainerdDoes() {
        for (String topic : List.of("", "tasks/exit", "/", "/tasks//exit", "/tasks/exit/", "/tasks/ex it")) {
            BerthException e = assertThrows(BerthException.class, () -> publish("default", topic), topic);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), topic);
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedAndOthersCarryOn() throws InterruptedException {
        CountDownLatch receiving = new CountDownLatch(1);
        RecordingSink slow = new RecordingSink() {
            @Override
            public void receive(Event event) {
                super.receive(event);
                receiving.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        subscriptions.add(exchange.subscribe(List.of(), slow));
        // Only the last event, so that this subscriber cannot fall behind while the others are published.
        RecordingSink other = subscribe("topic==\"/test/last\"");

        publish("default", "/test/first");
        receiving.await();
        for (int i = 0; i < 5; i++) {
            publish("default", "/test/more");
        }

        assertTrue(slow.ended.join().contains("too slow"), slow.ended.join());
        assertTrue(log.warnings.stream().anyMatch(line -> line.startsWith("dropping event subscriber")),
                log.warnings.toString());
        publish("default", "/test/last");
        assertEquals("/test/last", other.next().topic());
        assertEquals(List.of("/test/first"), slow.received.stream().map(Event::topic).toList());
    }

    @Test
    void closingASubscriptionStopsDelivery() throws InterruptedException {
        RecordingSink closed = new RecordingSink();
        Subscription subscription = exchange.subscribe(List.of(), closed);
        RecordingSink open = subscribe();
        publish("default", "/test/before");
        assertEquals("/test/before", closed.next().topic());
        subscription.close();
        subscription.close();
        publish("default", "/test/after");
        open.next();
        assertEquals("/test/after", open.next().topic());
        assertTrue(closed.received.isEmpty());
        assertFalse(closed.ended.isDone(), "a subscriber that closes is not told it ended");
    }

    @Test
    void aSinkThatFailsIsDropped() {
        RecordingSink failing = new RecordingSink() {
            @Override
            public void receive(Event event) {
                throw new IllegalStateException("stream gone");
            }
        };
        subscriptions.add(exchange.subscribe(List.of(), failing));
        publish("default", "/test/one");
        assertTrue(failing.ended.join().contains("stream gone"));
    }
}
