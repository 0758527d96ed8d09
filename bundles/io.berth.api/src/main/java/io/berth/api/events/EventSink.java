package io.berth.api.events;

import org.osgi.annotation.versioning.ConsumerType;

/** Where a subscription delivers: one event at a time, in the order the bus received them. */
@ConsumerType
public interface EventSink {
    /** Takes the next event. An exception ends the subscription. */
    void receive(Event event);

    /**
     * The bus ended the subscription without being asked: the sink fell too far behind or failed, or the bus
     * stopped. Nothing is delivered after this.
     *
     * @param reason why, for a log line or a client
     */
    void ended(String reason);
}
