package io.berth.api.metadata;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * containerd's metadata plugin ({@link io.berth.api.plugin.PluginType#METADATA}): every record lives in a
 * transaction. Readers run concurrently and see one consistent state; one writer runs at a time.
 * A transaction is all-or-nothing: when the work throws, nothing it did is kept, and the exception
 * reaches the caller. A transaction must not be used after its work returns, nor open another one.
 */
@ProviderType
public interface MetadataStore {
    /** Runs read-only work; a change attempted in it is refused with FAILED_PRECONDITION. */
    <T> T read(Function<Transaction, T> work);

    /** Runs work that may change the store, and commits it durably before returning. */
    <T> T write(Function<Transaction, T> work);
}
