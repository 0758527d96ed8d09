package io.berth.cli.snapshots;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.MountsResponse;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.types.Mount;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code berth snapshots mounts TARGET KEY}: the mount(8) commands that mount the snapshot at TARGET, as ctr prints them. */
@Command(name = "mounts", aliases = "m", description = "Print the commands that mount a snapshot at a target")
final class SnapshotsMountsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private SnapshotsCommand snapshots;

    @Parameters(index = "0", paramLabel = "TARGET", description = "Directory to mount on")
    private String target;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key of an active snapshot or a view")
    private String key;

    @Override
    public Integer call() {
        MountsRequest request = MountsRequest.newBuilder().setSnapshotter(snapshots.snapshotter).setKey(key).build();
        MountsResponse response;
        try (Daemon daemon = Berth.of(spec).connect()) {
            response = daemon.call("failed to get mounts of \"" + key + "\"", SnapshotsGrpc::newBlockingStub,
                    stub -> stub.mounts(request));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Mount mount : response.getMountsList()) {
            out.println("mount -t " + mount.getType() + " " + mount.getSource() + " " + target + " -o "
                    + String.join(",", mount.getOptionsList()));
        }
        out.flush();
        return 0;
    }
}
