package io.berth.events.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import io.berth.api.events.Event;
import io.berth.api.events.EventSink;

/** Keeps what it receives, in order, and why it ended. */
class RecordingSink implements EventSink {
    final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();

    @Override
    public void receive(Event event) {
        received.add(event);
    }

    @Override
    public void ended(String reason) {
        ended.complete(reason);
    }

    Event next() throws InterruptedException {
        return received.take();
    }
}
