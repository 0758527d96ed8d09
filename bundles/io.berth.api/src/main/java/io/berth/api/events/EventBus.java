package io.berth.api.events;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * containerd's event exchange: publishers put events on it, subscribers take those their filters accept.
 * A subscriber that falls too far behind is dropped rather than let it hold up publishers.
 */
@ProviderType
public interface EventBus extends EventPublisher {
    /** The plugin id containerd gives its exchange. */
    String PLUGIN_ID = "exchange";

    /**
     * Subscribes a sink to the events that any one of the filters accepts (all events when there are none).
     * The filters are containerd's filter language over {@code topic}, {@code namespace} and
     * {@code event.<field>}; a payload has fields only where the bus knows its type (containerd's events).
     *
     * @throws io.berth.api.errors.BerthException of kind INVALID_ARGUMENT for a filter that does not parse
     */
    Subscription subscribe(List<String> filters, EventSink sink);
}
