package io.berth.cli.containers;

import io.berth.cli.Berth;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.cli.ErrorLine;
import io.berth.proto.containerd.services.containers.v1.Container;
import io.berth.proto.containerd.services.containers.v1.ContainersGrpc;
import io.berth.proto.containerd.services.containers.v1.DeleteContainerRequest;
import io.berth.proto.containerd.services.containers.v1.GetContainerRequest;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.grpc.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth containers remove ID..}: removes each container and, as ctr does, its rootfs snapshot (a snapshot
 * already gone is no failure); prints each id removed, reports each failure and goes on, exiting 1 at the end.
 */
@Command(name = "remove", aliases = {"rm", "delete", "del"}, description = "Remove one or more containers")
final class ContainersRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--keep-snapshot", description = "Do not remove the container's snapshot")
    private boolean keepSnapshot;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Ids of the containers to remove")
    private List<String> ids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exitCode = 0;
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String id : ids) {
                try {
                    remove(daemon, id);
                    out.println(id);
                    out.flush();
                } catch (CommandFailure failure) {
                    err.println(ErrorLine.of(failure));
                    exitCode = 1;
                }
            }
        }
        return exitCode;
    }

    private void remove(Daemon daemon, String id) {
        Container container = daemon.call("failed to delete container " + id, ContainersGrpc::newBlockingStub,
                stub -> stub.get(GetContainerRequest.newBuilder().setId(id).build())).getContainer();
        if (!keepSnapshot && !container.getSnapshotKey().isEmpty()) {
            RemoveSnapshotRequest request = RemoveSnapshotRequest.newBuilder()
                    .setSnapshotter(container.getSnapshotter()).setKey(container.getSnapshotKey()).build();
            try {
                daemon.call("failed to remove snapshot " + container.getSnapshotKey() + " of container " + id,
                        SnapshotsGrpc::newBlockingStub, stub -> stub.remove(request));
            } catch (CommandFailure failure) {
                if (failure.code() != Status.Code.NOT_FOUND) {
                    throw failure;
                }
            }
        }
        daemon.call("failed to delete container " + id, ContainersGrpc::newBlockingStub,
                stub -> stub.delete(DeleteContainerRequest.newBuilder().setId(id).build()));
    }
}
