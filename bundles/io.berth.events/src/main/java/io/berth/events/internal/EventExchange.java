package io.berth.events.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.berth.api.events.Event;
import io.berth.api.events.EventBus;
import io.berth.api.events.EventPublisher;
import io.berth.api.events.EventSink;
import io.berth.api.events.Subscription;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;

/**
 * containerd's event exchange. Each subscriber has a bounded queue and a thread of its own that delivers
 * from it, so a publisher only ever appends; a subscriber whose queue is full is dropped, as containerd
 * closes a sink that cannot keep up. Publishing is serialised, so every subscriber sees one order.
 */
@Component(service = {EventBus.class, EventPublisher.class}, property = {
    Plugin.TYPE + "=" + PluginType.EVENT,
    Plugin.ID + "=" + EventBus.PLUGIN_ID,
})
public final class EventExchange implements EventBus {
    /** Events a subscriber may fall behind by before it is dropped. */
    static final int QUEUE_CAPACITY = 1024;

    private final Logger log;
    private final int queueCapacity;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object publishing = new Object();

    @Activate
    public EventExchange(@Reference(service = LoggerFactory.class) Logger log) {
        this(log, QUEUE_CAPACITY);
    }

    /** An exchange whose subscribers may fall behind by {@code queueCapacity} events. */
    public EventExchange(Logger log, int queueCapacity) {
        this.log = log;
        this.queueCapacity = queueCapacity;
    }

    @Deactivate
    void deactivate() {
        for (Subscriber subscriber : subscribers) {
            subscriber.end("the event bus stopped");
        }
    }

    @Override
    public void forward(Event event) {
        synchronized (publishing) {
            EventFields fields = new EventFields(event);
            for (Subscriber subscriber : subscribers) {
                if (subscriber.accepts(fields) && !subscriber.offer(event)) {
                    log.warn("dropping event subscriber {} (filters {}): {} events are waiting for it",
                            subscriber.id(), subscriber.filters(), queueCapacity);
                    subscriber.end("subscriber too slow: " + queueCapacity + " events were waiting for it");
                }
            }
        }
    }

    @Override
    public Subscription subscribe(List<String> filters, EventSink sink) {
        Filter filter = Filters.parseAll(filters);
        Subscriber subscriber = new Subscriber(ids.incrementAndGet(), List.copyOf(filters), filter, sink,
                queueCapacity, this::remove, log);
        // Delivering before it is on the list: the exchange may end it as soon as it is there.
        subscriber.start();
        subscribers.add(subscriber);
        log.debug("event subscriber {} added, filters {}", subscriber.id(), filters);
        return subscriber;
    }

    private void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
        log.debug("event subscriber {} removed", subscriber.id());
    }
}
