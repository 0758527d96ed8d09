package io.berth.cli.snapshots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth snapshots}: ctr's snapshot commands over containerd's snapshots service, on one snapshotter. */
@Command(name = "snapshots", aliases = "snapshot", description = "Manage snapshots",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {SnapshotsListCommand.class, SnapshotsRemoveCommand.class, SnapshotsMountsCommand.class})
public final class SnapshotsCommand {
    @Option(names = "--snapshotter", paramLabel = "NAME",
            defaultValue = "${env:CONTAINERD_SNAPSHOTTER:-overlayfs}",
            description = "Snapshotter (env CONTAINERD_SNAPSHOTTER, default: overlayfs)")
    String snapshotter;
}
