package io.berth.shell;

import java.util.ArrayList;
import java.util.List;

import io.berth.api.plugin.PluginInfo;

/** The TYPE ID PLATFORMS STATUS table of {@code ctr plugins ls}, with the reason of each failure below. */
final class PluginTable {
    private static final int GAP = 4;

    private PluginTable() {
    }

    static String render(List<PluginInfo> plugins) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TYPE", "ID", "PLATFORMS", "STATUS"});
        for (PluginInfo p : plugins) {
            rows.add(new String[] {p.type(), p.id(),
                p.platforms().isEmpty() ? "-" : String.join(",", p.platforms().stream().sorted().toList()),
                p.status().name().toLowerCase(java.util.Locale.ROOT)});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(row[i]);
                if (i < row.length - 1) {
                    out.append(" ".repeat(widths[i] - row[i].length() + GAP));
                }
            }
            out.append('\n');
        }
        for (PluginInfo p : plugins) {
            if (p.status() != PluginInfo.Status.OK) {
                out.append(p.type()).append('.').append(p.id()).append(": ").append(p.message()).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }
}
