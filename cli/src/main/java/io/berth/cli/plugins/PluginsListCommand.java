package io.berth.cli.plugins;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth plugins list} (alias {@code ls}), ctr's spelling of the same listing. */
@Command(name = "list", aliases = "ls", description = "Lists berth plugins")
final class PluginsListCommand implements Callable<Integer> {
    @Mixin
    private PluginListing listing;

    @Override
    public Integer call() {
        return listing.run();
    }
}
