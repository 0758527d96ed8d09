package io.berth.api.images;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears how a pull goes on; called from the threads that do the work, so it must be quick and thread-safe. */
@ConsumerType
@FunctionalInterface
public interface PullListener {
    /** Hears nothing. */
    PullListener NONE = progress -> { };

    void progress(PullProgress progress);
}
