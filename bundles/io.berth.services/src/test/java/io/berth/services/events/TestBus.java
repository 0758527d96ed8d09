package io.berth.services.events;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.events.EventSink;
import io.berth.events.internal.EventExchange;
import io.berth.services.TestLoggers;

/** The real event exchange of io.berth.events for the services' tests, and a subscriber that keeps events. */
public final class TestBus {
    private TestBus() {
    }

    /** A new exchange that logs nowhere. */
    public static EventBus start() {
        return new EventExchange(TestLoggers.silent(), 1024);
    }

    /** Subscribes to every event on the bus; {@link Received#next()} waits for the next one. */
    public static Received subscribe(EventBus bus) {
        Received received = new Received();
        bus.subscribe(List.of(), received);
        return received;
    }

    /** What a subscriber received, in order. */
    public static final class Received implements EventSink {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        @Override
        public void receive(Event event) {
            events.add(event);
        }

        @Override
        public void ended(String reason) {
            throw new AssertionError("subscription ended: " + reason);
        }

        public Event next() throws InterruptedException {
            return events.take();
        }
    }
}
