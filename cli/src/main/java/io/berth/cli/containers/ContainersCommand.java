package io.berth.cli.containers;

import picocli.CommandLine.Command;

/** {@code berth containers}: ctr's commands on the container records of a namespace, over containerd's service. */
@Command(name = "containers", aliases = {"container", "c"}, description = "Manage containers",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ContainersListCommand.class, ContainersInfoCommand.class, ContainersRemoveCommand.class})
public final class ContainersCommand {
}
