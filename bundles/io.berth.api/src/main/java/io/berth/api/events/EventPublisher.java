package io.berth.api.events;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** Puts events on the bus. Publishing never waits for subscribers. */
@ProviderType
public interface EventPublisher {
    /**
     * Publishes an event stamped with the current time, as its first publisher.
     *
     * @throws io.berth.api.errors.BerthException of kind INVALID_ARGUMENT for an invalid namespace or topic
     */
    default void publish(String namespace, String topic, String typeUrl, byte[] payload) {
        forward(new Event(Instant.now(), namespace, topic, typeUrl, payload));
    }

    /** Puts an event that already has its timestamp and namespace on the bus unchanged. */
    void forward(Event event);
}
