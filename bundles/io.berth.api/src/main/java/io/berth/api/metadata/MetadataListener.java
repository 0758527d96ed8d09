package io.berth.api.metadata;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every committed write transaction of the {@link MetadataStore}, as containerd's mutation callbacks
 * are: garbage collection schedules itself from these. Called after the commit, outside the transaction; it must
 * return quickly.
 */
@ConsumerType
public interface MetadataListener {
    /** @param deletion whether the transaction deleted a record, which may have left garbage behind */
    void committed(boolean deletion);
}
