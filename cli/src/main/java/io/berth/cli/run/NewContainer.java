package io.berth.cli.run;

import com.google.protobuf.Any;
import io.berth.cli.Daemon;
import io.berth.cli.containers.ContainerRemoval;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.CreateContainerRequest;
import io.berth.proto.containerd.services.leases.v1.CreateRequest;
import io.berth.proto.containerd.services.leases.v1.DeleteRequest;
import io.berth.proto.containerd.services.leases.v1.LeasesGrpc;
import io.berth.proto.containerd.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.types.Mount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Creates a container with a root filesystem as containerd's client does: under a lease that expires by itself
 * (so the garbage collector spares the new snapshot until the container record refers to it, and a crash
 * leaves nothing for good), it prepares the active snapshot named after the container on the image's top
 * committed snapshot, makes the spec with the root filesystem at hand, then stores the container; the lease ends
 * with the call. If any step fails, the snapshot goes.
 */
final class NewContainer {
    private static final String EXPIRE_LABEL = "containerd.io/gc.expire";
    private static final Duration LEASE_LIFETIME = Duration.ofHours(24);

    private NewContainer() {
    }

    /**
     * @param container the record to store, without its spec
     * @param spec makes the spec from the root filesystem's mounts
     * @return the mounts of the container's root filesystem
     */
    static List<Mount> create(Daemon daemon, String namespace, Container container, String parentSnapshot,
            Function<List<Mount>, Any> spec) {
        String leaseId = "berth-run-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String expiry = Instant.now().plus(LEASE_LIFETIME).truncatedTo(ChronoUnit.SECONDS).toString();
        CreateRequest lease = CreateRequest.newBuilder().setId(leaseId).putLabels(EXPIRE_LABEL, expiry).build();
        daemon.call("failed to create a lease", LeasesGrpc::newBlockingStub, stub -> stub.create(lease));
        try (Daemon leased = daemon.underLease(namespace, leaseId)) {
            PrepareSnapshotRequest prepare = PrepareSnapshotRequest.newBuilder()
                    .setSnapshotter(container.getSnapshotter()).setKey(container.getSnapshotKey())
                    .setParent(parentSnapshot).build();
            List<Mount> mounts = leased.call("failed to prepare snapshot " + container.getSnapshotKey(),
                    SnapshotsGrpc::newBlockingStub, stub -> stub.prepare(prepare)).getMountsList();
            try {
                Container withSpec = container.toBuilder().setSpec(spec.apply(mounts)).build();
                leased.call("failed to create container " + container.getId(), ContainersGrpc::newBlockingStub,
                        stub -> stub.create(CreateContainerRequest.newBuilder().setContainer(withSpec).build()));
            } catch (RuntimeException failure) {
                ContainerRemoval.removeSnapshot(daemon, container.getSnapshotter(), container.getSnapshotKey(),
                        container.getId());
                throw failure;
            }
            return mounts;
        } finally {
            daemon.call("failed to delete lease " + leaseId, LeasesGrpc::newBlockingStub,
                    stub -> stub.delete(DeleteRequest.newBuilder().setId(leaseId).build()));
        }
    }
}
