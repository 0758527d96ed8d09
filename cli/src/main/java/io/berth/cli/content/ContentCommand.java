package io.berth.cli.content;

import picocli.CommandLine.Command;

/** {@code berth content}: ctr's commands on the blobs of a namespace, over containerd's content service. */
@Command(name = "content", description = "Manage content", synopsisSubcommandLabel = "COMMAND",
        subcommands = {ContentListCommand.class, ContentGetCommand.class, ContentRemoveCommand.class,
                ContentLabelCommand.class})
public final class ContentCommand {
}
