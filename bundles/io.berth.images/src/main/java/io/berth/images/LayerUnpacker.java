package io.berth.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.diff.Applied;
import io.berth.api.diff.MountApplier;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PullListener;
import io.berth.api.images.PullProgress;
import io.berth.api.images.PullProgress.State;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.SnapshotService;
import io.berth.api.snapshots.Snapshotter;

/**
 * Unpacks an image's layers into one namespace's snapshots as containerd's unpacker does: each layer's snapshot
 * is committed under its chain id on its parent's, a chain id that exists already is skipped, and a layer is
 * applied in a snapshot under a temporary key that is removed if anything fails. Into a snapshotter that can
 * rebase, several layers are applied at once, each as it downloads ({@link ParallelLayers}); into any other, one
 * after the other, each once it is stored. A chain id is applied by one pull at a time: another waits for it and
 * then finds it done.
 */
final class LayerUnpacker {
    /** The label, on a layer blob and its snapshot, that names the layer's uncompressed digest. */
    static final String UNCOMPRESSED = "containerd.io/uncompressed";

    private final SnapshotService snapshots;
    private final MountApplier applier;
    private final ContentStore store;
    private final NamespaceBlobs blobs;
    private final InFlightLocks inFlight;
    private final String namespace;
    private final String snapshotter;
    private final Optional<String> lease;
    private final PullListener progress;

    LayerUnpacker(SnapshotService snapshots, MountApplier applier, ContentStore store, NamespaceBlobs blobs,
                  InFlightLocks inFlight, String namespace, String snapshotter, String lease,
                  PullListener progress) {
        this.snapshots = snapshots;
        this.applier = applier;
        this.store = store;
        this.blobs = blobs;
        this.inFlight = inFlight;
        this.namespace = namespace;
        this.snapshotter = snapshotter;
        this.lease = Optional.of(lease);
        this.progress = progress;
    }

    /**
     * Whether {@code layers} are applied several at once, each as it downloads: into a snapshotter that can
     * rebase, when more than one may be.
     */
    boolean inParallel(List<Descriptor> layers, int maxConcurrent) {
        return maxConcurrent > 1 && layers.size() > 1
                && snapshots.capabilities(snapshotter).contains(Snapshotter.CAPABILITY_REBASE);
    }

    /**
     * @param maxConcurrent how many layers may be applied at once when the snapshotter can rebase
     * @param awaitFetched returns once the layer's blob is in the content store
     * @param streams the layers' bytes as they download, for applying them {@link #inParallel in parallel}
     * @return the chain id of the top layer, the name of the image's snapshot
     * @throws BerthException FAILED_PRECONDITION when a layer unpacks to another digest than the config says
     */
    Digest unpack(List<Descriptor> layers, List<Digest> diffIds, int maxConcurrent,
                  Consumer<Descriptor> awaitFetched, LayerStreams streams) {
        if (layers.size() != diffIds.size()) {
            throw BerthException.invalidArgument("the manifest has %d layers but the config %d diff ids",
                    layers.size(), diffIds.size());
        }
        List<Digest> chainIds = ChainIds.of(diffIds);
        if (inParallel(layers, maxConcurrent)) {
            new ParallelLayers(this, maxConcurrent).unpack(layers, diffIds, chainIds, awaitFetched, streams);
            return chainIds.getLast();
        }
        String parent = "";
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chainIds.get(i).toString();
            try (InFlightLocks.Held held = hold(chainId)) {
                if (!exists(chainId)) {
                    awaitFetched.accept(layers.get(i));
                    String key = extract(layers.get(i), diffIds.get(i), chainId, parent, Map.of());
                    commit(layers.get(i), diffIds.get(i), chainId, key, "");
                }
            }
            unpacked(layers.get(i));
            parent = chainId;
        }
        return chainIds.getLast();
    }

    /** Holds the chain id of this snapshotter against every other pull of the daemon. */
    InFlightLocks.Held hold(String chainId) {
        return inFlight.acquire(InFlightLocks.snapshot(snapshotter, chainId));
    }

    /**
     * Applies the layer in a new active snapshot on {@code parent} and checks its diff id.
     *
     * @return the snapshot's key; on failure none is left
     */
    String extract(Descriptor layer, Digest diffId, String chainId, String parent, Map<String, String> labels) {
        return extract(layer, diffId, chainId, parent, labels, () -> store.read(layer.digest(), 0, 0));
    }

    /** As {@link #extract(Descriptor, Digest, String, String, Map)}, reading the layer from {@code blob}. */
    String extract(Descriptor layer, Digest diffId, String chainId, String parent, Map<String, String> labels,
                   Supplier<InputStream> blob) {
        progress.progress(new PullProgress(layer, 0, layer.size(), State.UNPACKING));
        String key = "extract-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + " " + chainId;
        List<Mount> mounts = snapshots.prepare(namespace, snapshotter, lease, key, parent, labels);
        try {
            Applied applied;
            try (InputStream bytes = blob.get()) {
                applied = applier.apply(bytes, layer.mediaType(), mounts);
            } catch (IOException e) {
                throw new BerthException(ErrorKind.INTERNAL, "reading layer " + layer.digest() + ": "
                        + e.getMessage(), e);
            }
            if (!applied.diffId().equals(diffId)) {
                throw BerthException.failedPrecondition("layer %s unpacked to %s, but the image config says %s",
                        layer.digest(), applied.diffId(), diffId);
            }
            return key;
        } catch (RuntimeException e) {
            discard(key, e);
            throw e;
        }
    }

    /**
     * Commits the extracted {@code key} as {@code chainId} onto {@code parent} (empty: the one it was prepared on),
     * then labels the blob with its diff id. Another client may have committed the same chain meanwhile: then its snapshot serves and the key goes.
     * On failure the key is removed.
     */
    void commit(Descriptor layer, Digest diffId, String chainId, String key, String parent) {
        try {
            snapshots.commit(namespace, snapshotter, lease, chainId, key, Map.of(UNCOMPRESSED, diffId.toString()),
                    parent);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                discard(key, e);
                throw e;
            }
            snapshots.remove(namespace, snapshotter, lease, key);
        }
        blobs.label(layer, Map.of(UNCOMPRESSED, diffId.toString()));
    }

    void unpacked(Descriptor layer) {
        progress.progress(new PullProgress(layer, layer.size(), layer.size(), State.UNPACKED));
    }

    boolean exists(String chainId) {
        try {
            snapshots.stat(namespace, snapshotter, chainId);
            return true;
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Removes an extraction snapshot after {@code failure}; a failure to do so goes with it. */
    void discard(String key, RuntimeException failure) {
        try {
            snapshots.remove(namespace, snapshotter, lease, key);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
