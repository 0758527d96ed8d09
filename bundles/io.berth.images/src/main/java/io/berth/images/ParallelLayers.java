package io.berth.images;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Snapshotter;

/**
 * containerd 2.2's parallel unpack, into a snapshotter that can rebase, with each layer applied as it downloads:
 * a layer is applied in a snapshot of its own without parent, a few at once, and the snapshots are committed in
 * the manifest's order, each onto the chain id below it. The layers take their turns to be applied in the
 * manifest's order, as their downloads do; one whose download cannot be followed ({@link LayerStream}) is applied
 * once its blob is stored. A snapshot is committed only once its blob is verified and stored. After a failure no
 * more layers are applied, every extraction snapshot is removed, and what was committed is the pull lease's alone.
 */
final class ParallelLayers {
    private static final Map<String, String> REBASE_LATER = Map.of(Snapshotter.LABEL_REBASE_LATER, "true");

    /** A layer given up because another one failed; that other failure is the one reported. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** A layer's turn to be applied, given back once, when its extraction ends or it has none. */
    private final class Turn implements AutoCloseable {
        private final AtomicBoolean held = new AtomicBoolean(true);

        @Override
        public void close() {
            if (held.getAndSet(false)) {
                applying.release();
            }
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
                Consumer<Descriptor> awaitFetched, LayerStreams streams) {
        try (ExecutorService tasks = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("unpack-", 0).factory())) {
            CompletableFuture<Void> below = CompletableFuture.completedFuture(null);
            for (int i = 0; i < layers.size() && firstFailure.get() == null; i++) {
                Descriptor layer = layers.get(i);
                Digest diffId = diffIds.get(i);
                String chainId = chainIds.get(i).toString();
                String parent = i == 0 ? "" : chainIds.get(i - 1).toString();
                CompletableFuture<Void> onto = below;
                Turn turn = takeTurn();
                below = CompletableFuture.runAsync(() -> failingOnce(() ->
                        layer(layer, diffId, chainId, parent, onto, turn, streams.of(layer), awaitFetched)), tasks);
            }
        } finally {
            streams.ignoreRest();
        }
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private Turn takeTurn() {
        try {
            applying.acquire();
            return new Turn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            BerthException canceled = new BerthException(ErrorKind.CANCELED, "the pull was interrupted", e);
            firstFailure.compareAndSet(null, canceled);
            throw canceled;
        }
    }

    private void layer(Descriptor layer, Digest diffId, String chainId, String parent,
                       CompletableFuture<Void> below, Turn turn, LayerStream stream,
                       Consumer<Descriptor> awaitFetched) {
        try (turn; InFlightLocks.Held held = unpacker.hold(chainId)) {
            if (unpacker.exists(chainId)) {
                stream.ignore();
            } else {
                String key = extract(layer, diffId, chainId, stream, awaitFetched);
                turn.close();
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

    /** Applies the layer as it downloads when it can, else once it is stored; either way keeps it only if verified. */
    private String extract(Descriptor layer, Digest diffId, String chainId, LayerStream stream,
                           Consumer<Descriptor> awaitFetched) {
        if (firstFailure.get() != null) {
            stream.ignore();
            throw new Abandoned();
        }
        Optional<InputStream> downloading = stream.claim();
        if (downloading.isEmpty()) {
            awaitFetched.accept(layer);
            return unpacker.extract(layer, diffId, chainId, "", REBASE_LATER);
        }
        String key;
        try {
            key = unpacker.extract(layer, diffId, chainId, "", REBASE_LATER, downloading::get);
        } catch (RuntimeException e) {
            // A download that failed says better what went wrong than the end of its bytes does.
            awaitFetched.accept(layer);
            throw e;
        }
        try {
            awaitFetched.accept(layer);
            return key;
        } catch (RuntimeException e) {
            unpacker.discard(key, e);
            throw e;
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
