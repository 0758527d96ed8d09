package io.berth.events.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import org.osgi.service.log.Logger;

import io.berth.api.events.Event;
import io.berth.api.events.EventSink;
import io.berth.api.events.Subscription;
import io.berth.filters.Filter;

/** One sink on the exchange: its filter, its queue, and the virtual thread that delivers from the queue. */
final class Subscriber implements Subscription {
    private final long id;
    private final List<String> filters;
    private final Filter filter;
    private final EventSink sink;
    private final BlockingQueue<Event> queue;
    private final Consumer<Subscriber> onEnd;
    private final Logger log;
    private final Object state = new Object();
    private Thread delivery;
    private boolean open = true;
    /** Why the exchange ended the subscription; null when the subscriber closed it or it is open. */
    private String endReason;

    Subscriber(long id, List<String> filters, Filter filter, EventSink sink, int capacity,
               Consumer<Subscriber> onEnd, Logger log) {
        this.id = id;
        this.filters = filters;
        this.filter = filter;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onEnd = onEnd;
        this.log = log;
    }

    long id() {
        return id;
    }

    List<String> filters() {
        return filters;
    }

    void start() {
        synchronized (state) {
            delivery = Thread.ofVirtual().name("berth-events-" + id).start(this::deliver);
        }
    }

    boolean accepts(EventFields fields) {
        return filter.match(fields);
    }

    /** Queues an event without waiting; false when the queue is full. */
    boolean offer(Event event) {
        return queue.offer(event);
    }

    @Override
    public void close() {
        stop(null);
    }

    /** Ends the subscription on the exchange's behalf; the sink hears why. */
    void end(String reason) {
        stop(reason);
    }

    private void stop(String reason) {
        synchronized (state) {
            if (!open) {
                return;
            }
            open = false;
            endReason = reason;
            delivery.interrupt();
        }
        onEnd.accept(this);
    }

    private boolean isOpen() {
        synchronized (state) {
            return open;
        }
    }

    private void deliver() {
        try {
            while (isOpen()) {
                Event event = queue.take();
                if (!isOpen()) {
                    break;
                }
                sink.receive(event);
            }
        } catch (InterruptedException e) {
            // Closed or ended: the reason, if any, is told below.
        } catch (RuntimeException e) {
            log.warn("event subscriber {} failed and is dropped: {}", id, e.toString());
            stop("subscriber failed: " + e.getMessage());
        }
        queue.clear();
        String reason;
        synchronized (state) {
            reason = endReason;
        }
        if (reason != null) {
            sink.ended(reason);
        }
    }
}
