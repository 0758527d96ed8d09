package io.berth.api.gc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * containerd's garbage collection scheduler ({@link io.berth.api.plugin.PluginType#GC}): it collects when
 * enough has changed in the metadata store, on its schedule, and on demand.
 */
@ProviderType
public interface GarbageCollector {
    /**
     * Collects now and waits until done, as a delete with {@code sync} does. Collections never overlap: this one
     * starts after any running one ends.
     */
    Collected collect();
}
