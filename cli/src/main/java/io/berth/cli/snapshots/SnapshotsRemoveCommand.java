package io.berth.cli.snapshots;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code berth snapshots remove KEY..}: stops at the first failure, as ctr. */
@Command(name = "remove", aliases = {"rm", "delete", "del"}, description = "Remove snapshots")
final class SnapshotsRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SnapshotsCommand snapshots;

    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Keys or names of the snapshots to remove")
    private List<String> keys;

    @Override
    public Integer call() {
        try (Daemon daemon = Berth.of(spec).connect()) {
            for (String key : keys) {
                RemoveSnapshotRequest request = RemoveSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshots.snapshotter).setKey(key).build();
                daemon.call("failed to remove \"" + key + "\"", SnapshotsGrpc::newBlockingStub,
                        stub -> stub.remove(request));
            }
        }
        return 0;
    }
}
