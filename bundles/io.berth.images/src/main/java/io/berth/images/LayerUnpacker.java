package io.berth.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

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

/**
 * Unpacks an image's layers into one namespace's snapshots as containerd's unpacker does: each layer's snapshot
 * is committed under its chain id on its parent's, a chain id that exists already is skipped, and a layer is
 * applied in a snapshot under a temporary key that is removed if anything fails.
 */
final class LayerUnpacker {
    /** The label, on a layer blob and its snapshot, that names the layer's uncompressed digest. */
    static final String UNCOMPRESSED = "containerd.io/uncompressed";

    private final SnapshotService snapshots;
    private final MountApplier applier;
    private final ContentStore store;
    private final NamespaceBlobs blobs;
    private final String namespace;
    private final String snapshotter;
    private final Optional<String> lease;
    private final PullListener progress;

    LayerUnpacker(SnapshotService snapshots, MountApplier applier, ContentStore store, NamespaceBlobs blobs,
                  String namespace, String snapshotter, String lease, PullListener progress) {
        this.snapshots = snapshots;
        this.applier = applier;
        this.store = store;
        this.blobs = blobs;
        this.namespace = namespace;
        this.snapshotter = snapshotter;
        this.lease = Optional.of(lease);
        this.progress = progress;
    }

    /**
     * @param awaitFetched returns once the layer's blob is in the content store
     * @return the chain id of the top layer, the name of the image's snapshot
     * @throws BerthException FAILED_PRECONDITION when a layer unpacks to another digest than the config says
     */
    Digest unpack(List<Descriptor> layers, List<Digest> diffIds, Consumer<Descriptor> awaitFetched) {
        if (layers.size() != diffIds.size()) {
            throw BerthException.invalidArgument("the manifest has %d layers but the config %d diff ids",
                    layers.size(), diffIds.size());
        }
        List<Digest> chainIds = ChainIds.of(diffIds);
        String parent = "";
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chainIds.get(i).toString();
            if (!exists(chainId)) {
                awaitFetched.accept(layers.get(i));
                apply(layers.get(i), diffIds.get(i), chainId, parent);
            }
            progress.progress(new PullProgress(layers.get(i), layers.get(i).size(), layers.get(i).size(),
                    State.UNPACKED));
            parent = chainId;
        }
        return chainIds.getLast();
    }

    private void apply(Descriptor layer, Digest diffId, String chainId, String parent) {
        progress.progress(new PullProgress(layer, 0, layer.size(), State.UNPACKING));
        String key = "extract-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + " " + chainId;
        List<Mount> mounts = snapshots.prepare(namespace, snapshotter, lease, key, parent, Map.of());
        try {
            Applied applied;
            try (InputStream blob = store.read(layer.digest(), 0, 0)) {
                applied = applier.apply(blob, layer.mediaType(), mounts);
            } catch (IOException e) {
                throw new BerthException(ErrorKind.INTERNAL, "reading layer " + layer.digest() + ": "
                        + e.getMessage(), e);
            }
            if (!applied.diffId().equals(diffId)) {
                throw BerthException.failedPrecondition("layer %s unpacked to %s, but the image config says %s",
                        layer.digest(), applied.diffId(), diffId);
            }
            commit(chainId, key, diffId);
        } catch (RuntimeException e) {
            removeAfter(e, key);
            throw e;
        }
        blobs.label(layer, Map.of(UNCOMPRESSED, diffId.toString()));
    }

    /** Another pull may have committed the same chain meanwhile: then its snapshot serves and the key goes. */
    private void commit(String chainId, String key, Digest diffId) {
        try {
            snapshots.commit(namespace, snapshotter, lease, chainId, key, Map.of(UNCOMPRESSED, diffId.toString()));
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            snapshots.remove(namespace, snapshotter, lease, key);
        }
    }

    private boolean exists(String chainId) {
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

    private void removeAfter(RuntimeException failure, String key) {
        try {
            snapshots.remove(namespace, snapshotter, lease, key);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
