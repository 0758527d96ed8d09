package io.berth.cli.namespaces;

import picocli.CommandLine.Command;

/** {@code berth namespaces}: ctr's namespace commands over containerd's namespaces service. */
@Command(name = "namespaces", aliases = {"namespace", "ns"}, description = "Manage namespaces",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {NamespacesListCommand.class, NamespacesCreateCommand.class, NamespacesRemoveCommand.class,
                NamespacesLabelCommand.class})
public final class NamespacesCommand {
}
