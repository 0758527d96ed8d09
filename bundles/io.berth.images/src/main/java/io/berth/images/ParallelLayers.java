package io.berth.images;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Snapshotter;

/**
 * containerd 2.2's parallel unpack, into a snapshotter that can rebase: each layer is applied as soon as its blob
 * is in, in a snapshot of its own without parent, a few at once; the snapshots are committed in the manifest's
 * order, each onto the chain id below it. After a failure no more layers are applied, every extraction snapshot is
 * removed, and what was committed is the pull lease's alone.
 */
final class ParallelLayers {
    private static final Map<String, String> REBASE_LATER = Map.of(Snapshotter.LABEL_REBASE_LATER, "true");

    /** A layer given up because another one failed; that other failure is the one reported. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private final LayerUnpacker unpacker;
    private final Semaphore applying;
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();

    ParallelLayers(LayerUnpacker unpacker, int maxConcurrent) {
        this.unpacker = unpacker;
        this.applying = new Semaphore(maxConcurrent);
    }

    /** @throws BerthException the failure that came first, in time */
    void unpack(List<Descriptor> layers, List<Digest> diffIds, List<Digest> chainIds,
                Consumer<Descriptor> awaitFetched) {
        try (ExecutorService tasks = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("unpack-", 0).factory())) {
            CompletableFuture<Void> below = CompletableFuture.completedFuture(null);
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                Digest diffId = diffIds.get(i);
                String chainId = chainIds.get(i).toString();
                String parent = i == 0 ? "" : chainIds.get(i - 1).toString();
                CompletableFuture<Void> onto = below;
                below = CompletableFuture.runAsync(() -> failingOnce(() -> {
                    awaitFetched.accept(layer);
                    layer(layer, diffId, chainId, parent, onto);
                }), tasks);
            }
        }
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void layer(Descriptor layer, Digest diffId, String chainId, String parent,
                       CompletableFuture<Void> below) {
        try (InFlightLocks.Held held = unpacker.hold(chainId)) {
            if (!unpacker.exists(chainId)) {
                String key = extract(layer, diffId, chainId);
                try {
                    below.join();
                } catch (CompletionException e) {
                    // A layer below failed, and with it the commits above it.
                    unpacker.discard(key, firstFailure.get());
                    throw new Abandoned();
                }
                unpacker.commit(layer, diffId, chainId, key, parent);
            }
        }
        unpacker.unpacked(layer);
    }

    private String extract(Descriptor layer, Digest diffId, String chainId) {
        try {
            applying.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "the pull was interrupted", e);
        }
        try {
            if (firstFailure.get() != null) {
                throw new Abandoned();
            }
            return unpacker.extract(layer, diffId, chainId, "", REBASE_LATER);
        } finally {
            applying.release();
        }
    }

    /** Runs one layer's work; its own failure (not an abandonment) is remembered if it is the first. */
    private void failingOnce(Runnable work) {
        try {
            work.run();
        } catch (Abandoned e) {
            throw e;
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
            throw e;
        }
    }
}
