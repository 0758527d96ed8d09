package io.berth.metadata.sqlite;

import org.osgi.service.component.ComponentServiceObjects;

import io.berth.api.metadata.MetadataListener;

/**
 * A listener service fetched at the first commit it is told of, not when bound: the garbage collector listens
 * to the store it needs itself, and fetching it while the store activates would make a cycle.
 */
final class LazyListener implements MetadataListener {
    private final ComponentServiceObjects<MetadataListener> service;
    private MetadataListener listener;

    LazyListener(ComponentServiceObjects<MetadataListener> service) {
        this.service = service;
    }

    @Override
    public void committed(boolean deletion) {
        MetadataListener target;
        synchronized (this) {
            if (listener == null) {
                listener = service.getService();
            }
            target = listener;
        }
        target.committed(deletion);
    }

    /** Gives the service back, if it was ever fetched. */
    synchronized void release() {
        if (listener != null) {
            service.ungetService(listener);
            listener = null;
        }
    }
}
