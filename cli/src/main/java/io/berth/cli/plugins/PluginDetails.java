package io.berth.cli.plugins;

import io.berth.cli.GrpcCodes;
import io.berth.cli.TabWriter;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code plugins --detailed} layout of ctr. ctr writes each line with Go's Println, which puts a
 * space between its arguments: hence the space after most tabs below.
 */
final class PluginDetails {
    private PluginDetails() {
    }

    static void print(PrintWriter out, List<Plugin> plugins) {
        TabWriter details = new TabWriter(out, 4, 4);
        boolean first = true;
        for (Plugin plugin : plugins) {
            if (!first) {
                details.println("\t\t\t");
            }
            first = false;
            details.println("Type:\t " + plugin.getType());
            details.println("ID:\t " + plugin.getId());
            if (plugin.getRequiresCount() > 0) {
                details.println("Requires:\t");
                plugin.getRequiresList().forEach(required -> details.println("\t " + required));
            }
            if (plugin.getPlatformsCount() > 0) {
                details.println("Platforms:\t " + Platforms.format(plugin.getPlatformsList()));
            }
            if (plugin.getExportsCount() > 0) {
                details.println("Exports:\t");
                // Sorted: Go's map order is random, a stable order is easier to read and to diff.
                for (Map.Entry<String, String> export : new TreeMap<>(plugin.getExportsMap()).entrySet()) {
                    details.println("\t " + export.getKey() + " \t " + export.getValue());
                }
            }
            if (plugin.getCapabilitiesCount() > 0) {
                details.println("Capabilities:\t " + String.join(",", plugin.getCapabilitiesList()));
            }
            if (plugin.hasInitErr()) {
                details.println("Error:\t");
                details.println("\t Code:\t " + GrpcCodes.name(plugin.getInitErr().getCode()));
                details.println("\t Message:\t " + plugin.getInitErr().getMessage());
            }
        }
        details.flush();
    }
}
