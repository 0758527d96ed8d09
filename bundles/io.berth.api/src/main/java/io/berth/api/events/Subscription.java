package io.berth.api.events;

import org.osgi.annotation.versioning.ProviderType;

/** A sink's place on the bus; closing it stops delivery. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Stops delivery; events still queued for the sink are dropped. Closing twice does nothing. */
    @Override
    void close();
}
