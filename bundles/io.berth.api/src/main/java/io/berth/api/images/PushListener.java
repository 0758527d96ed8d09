package io.berth.api.images;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how a push goes on; it must be quick and thread-safe. */
@ConsumerType
@FunctionalInterface
public interface PushListener {
    /** Hears nothing. */
    PushListener NONE = progress -> { };

    void progress(PushProgress progress);
}
