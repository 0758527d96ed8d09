package io.berth.cli.containers;

import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.grpc.Status;

/** Removes a container record and, as ctr does, its rootfs snapshot; a snapshot already gone is no failure. */
public final class ContainerRemoval {
    private ContainerRemoval() {
    }

    public static void remove(Daemon daemon, String id, boolean keepSnapshot) {
        Container container = daemon.call("failed to delete container " + id, ContainersGrpc::newBlockingStub,
                stub -> stub.get(GetContainerRequest.newBuilder().setId(id).build())).getContainer();
        if (!keepSnapshot && !container.getSnapshotKey().isEmpty()) {
            removeSnapshot(daemon, container.getSnapshotter(), container.getSnapshotKey(), id);
        }
        daemon.call("failed to delete container " + id, ContainersGrpc::newBlockingStub,
                stub -> stub.delete(DeleteContainerRequest.newBuilder().setId(id).build()));
    }

    /** Removes a container's snapshot, unless it is already gone. */
    public static void removeSnapshot(Daemon daemon, String snapshotter, String key, String containerId) {
        RemoveSnapshotRequest request = RemoveSnapshotRequest.newBuilder()
                .setSnapshotter(snapshotter).setKey(key).build();
        try {
            daemon.call("failed to remove snapshot " + key + " of container " + containerId,
                    SnapshotsGrpc::newBlockingStub, stub -> stub.remove(request));
        } catch (CommandFailure failure) {
            if (failure.code() != Status.Code.NOT_FOUND) {
                throw failure;
            }
        }
    }
}
