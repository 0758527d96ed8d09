package io.berth.cli.leases;

import picocli.CommandLine.Command;

/** {@code berth leases}: ctr's lease commands over containerd's leases service. */
@Command(name = "leases", description = "Manage leases", synopsisSubcommandLabel = "COMMAND",
        subcommands = {LeasesListCommand.class, LeasesCreateCommand.class, LeasesRemoveCommand.class})
public final class LeasesCommand {
}
