package io.berth.images;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * An image's layers being fetched, a few at once, in the manifest's order, so that the unpacking of each can
 * start as soon as it (and those under it) are in: a pull then takes about as long as its slower half rather
 * than as both. Closing stops the fetches not yet done, after the first failure or at the end.
 */
final class LayerFetches implements AutoCloseable {
    /** Fetches one layer into the content store. */
    interface LayerFetch {
        void fetch(Descriptor layer);
    }

    private final ExecutorService workers;
    private final Map<Digest, Future<?>> fetches = new LinkedHashMap<>();

    private LayerFetches(ExecutorService workers) {
        this.workers = workers;
    }

    static LayerFetches start(List<Descriptor> layers, int concurrency, LayerFetch fetch) {
        LayerFetches started = new LayerFetches(Executors.newFixedThreadPool(Math.max(1, concurrency),
                Thread.ofVirtual().name("pull-", 0).factory()));
        for (Descriptor layer : layers) {
            started.fetches.computeIfAbsent(layer.digest(), digest -> started.workers.submit(() -> fetch.fetch(layer)));
        }
        return started;
    }

    /**
     * Waits until {@code layer} is in the content store.
     *
     * @throws BerthException what its fetch threw, or CANCELED when the pull is interrupted
     */
    void await(Descriptor layer) {
        Future<?> fetch = fetches.get(layer.digest());
        try {
            fetch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new BerthException(ErrorKind.INTERNAL, "fetching layer " + layer.digest() + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "the pull was interrupted", e);
        }
    }

    /** Waits for every layer; the first failure, in the manifest's order, is thrown. */
    void awaitAll(List<Descriptor> layers) {
        layers.forEach(this::await);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        workers.close();
    }
}
