package io.berth.cli.images;

import picocli.CommandLine.Command;

/** {@code berth images}: ctr's commands on the image records of a namespace, over containerd's images service. */
@Command(name = "images", aliases = {"image", "i"}, description = "Manage images", synopsisSubcommandLabel = "COMMAND",
        subcommands = {ImagesListCommand.class, ImagesRemoveCommand.class, ImagesTagCommand.class,
                ImagesLabelCommand.class, ImagesExportCommand.class, ImagesImportCommand.class})
public final class ImagesCommand {
}
