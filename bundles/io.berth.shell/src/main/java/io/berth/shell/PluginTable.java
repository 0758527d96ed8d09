package io.berth.shell;

import java.util.List;
import java.util.Locale;

import io.berth.api.plugin.PluginInfo;

/** The TYPE ID PLATFORMS STATUS table of {@code ctr plugins ls}, with the reason of each failure below. */
final class PluginTable {
    private PluginTable() {
    }

    static String render(List<PluginInfo> plugins) {
        TextTable table = new TextTable("TYPE", "ID", "PLATFORMS", "STATUS");
        for (PluginInfo p : plugins) {
            table.row(p.type(), p.id(),
                    p.platforms().isEmpty() ? "-" : String.join(",", p.platforms().stream().sorted().toList()),
                    p.status().name().toLowerCase(Locale.ROOT));
        }
        StringBuilder out = new StringBuilder(table.render()).append('\n');
        for (PluginInfo p : plugins) {
            if (p.status() != PluginInfo.Status.OK) {
                out.append(p.type()).append('.').append(p.id()).append(": ").append(p.message()).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }
}
