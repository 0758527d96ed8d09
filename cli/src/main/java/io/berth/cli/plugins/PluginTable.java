package io.berth.cli.plugins;

import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import java.io.PrintWriter;
import java.util.List;

/** The TYPE ID PLATFORMS STATUS table of {@code ctr plugins ls}, cell for cell and space for space. */
final class PluginTable {
    private PluginTable() {
    }

    static void print(PrintWriter out, List<Plugin> plugins) {
        // ctr's tabwriter settings: minimum width 4, padding 4; every cell ends in a tab, the last included.
        TabWriter table = new TabWriter(out, 4, 4);
        table.println("TYPE\tID\tPLATFORMS\tSTATUS\t");
        for (Plugin plugin : plugins) {
            String platforms = plugin.getPlatformsCount() == 0 ? "-" : Platforms.format(plugin.getPlatformsList());
            table.println(plugin.getType() + "\t" + plugin.getId() + "\t" + platforms + "\t" + PluginStatus.of(plugin) + "\t");
        }
        table.flush();
    }
}
