package io.berth.cli.images;

import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.diff.v1.ApplyRequest;
import io.berth.proto.containerd.services.diff.v1.DiffGrpc;
import io.berth.proto.containerd.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.snapshots.v1.StatSnapshotRequest;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Mount;
import io.grpc.Status;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unpacks an image's layers into a snapshotter through the snapshots and diff services, as ctr's client-side
 * unpacker does: each layer is applied onto a snapshot prepared on its parent and committed under its chain id,
 * unless that snapshot exists already; the diff service's answer must be the config's diff id.
 */
final class LayerUnpack {
    private static final String GC_SNAPSHOT = "containerd.io/gc.ref.snapshot.";

    private LayerUnpack() {
    }

    /**
     * @param layers the manifest's layers, in order
     * @param diffIds the config's uncompressed digests of those layers
     * @param config the config's digest, labelled with the top snapshot so that the image keeps the chain
     */
    static void unpack(Daemon daemon, String snapshotter, List<OciLayout.Blob> layers, List<String> diffIds,
            String config) {
        if (layers.size() != diffIds.size()) {
            throw new CommandFailure("unpack: the manifest has " + layers.size() + " layers, its config "
                    + diffIds.size() + " diff ids");
        }
        String parent = "";
        for (int i = 0; i < layers.size(); i++) {
            String chain = ChainIds.top(diffIds.subList(0, i + 1));
            if (!exists(daemon, snapshotter, chain)) {
                apply(daemon, snapshotter, layers.get(i), diffIds.get(i), parent, chain);
            }
            parent = chain;
        }
        if (!parent.isEmpty()) {
            BlobUpload.label(daemon, config, Map.of(GC_SNAPSHOT + snapshotter, parent));
        }
    }

    private static void apply(Daemon daemon, String snapshotter, OciLayout.Blob layer, String diffId, String parent,
            String chain) {
        String key = "extract-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + " " + chain;
        List<Mount> mounts = daemon.call("prepare " + chain, SnapshotsGrpc::newBlockingStub, stub -> stub.prepare(
                PrepareSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).setParent(parent).build()))
                .getMountsList();
        try {
            Descriptor applied = daemon.stream("apply " + layer.digest(), DiffGrpc::newBlockingStub,
                    stub -> stub.apply(ApplyRequest.newBuilder().addAllMounts(mounts).setDiff(Descriptor.newBuilder()
                            .setMediaType(layer.mediaType()).setDigest(layer.digest()).setSize(layer.size())).build()))
                    .getApplied();
            if (!applied.getDigest().equals(diffId)) {
                throw new CommandFailure("unpack: layer " + layer.digest() + " unpacks to " + applied.getDigest()
                        + ", its config says " + diffId);
            }
            daemon.call("commit " + chain, SnapshotsGrpc::newBlockingStub, stub -> stub.commit(
                    CommitSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setName(chain).setKey(key).build()));
        } catch (RuntimeException failure) {
            try {
                daemon.call("remove " + key, SnapshotsGrpc::newBlockingStub, stub -> stub.remove(
                        RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()));
            } catch (CommandFailure cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static boolean exists(Daemon daemon, String snapshotter, String chain) {
        try {
            daemon.call("stat " + chain, SnapshotsGrpc::newBlockingStub, stub -> stub.stat(
                    StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(chain).build()));
            return true;
        } catch (CommandFailure failure) {
            if (failure.code() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw failure;
        }
    }
}
