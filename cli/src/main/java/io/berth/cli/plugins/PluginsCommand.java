package io.berth.cli.plugins;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth plugins}: lists the daemon's plugins; {@code plugins ls} is the same, as in ctr. */
@Command(name = "plugins", aliases = "plugin",
        description = "Provides information about berth plugins; without a subcommand, lists them",
        subcommands = PluginsListCommand.class)
public final class PluginsCommand implements Callable<Integer> {
    @Mixin
    private PluginListing listing;

    @Override
    public Integer call() {
        return listing.run();
    }
}
