package io.berth.cli.plugins;

import io.berth.proto.containerd.services.introspection.v1.Plugin;

/** A plugin's STATUS column, derived from its init error as ctr derives it. */
final class PluginStatus {
    /** containerd's ErrSkipPlugin text: a plugin that chose not to load, e.g. for lack of kernel support. */
    static final String SKIP_PLUGIN_MESSAGE = "skip plugin";

    private PluginStatus() {
    }

    static String of(Plugin plugin) {
        if (!plugin.hasInitErr()) {
            return "ok";
        }
        return plugin.getInitErr().getMessage().contains(SKIP_PLUGIN_MESSAGE) ? "skip" : "error";
    }
}
