package io.berth.launcher;

import java.util.Set;

/**
 * Configuration and logging start before any plugin does: by the time a plugin activates,
 * config.toml is in ConfigAdmin, so no plugin ever starts on defaults the file overrides (the
 * gRPC server binding the default socket for a moment, say).
 */
final class StartLevels {
    /** Declarative Services, ConfigAdmin, the Log service, and Berth's config and log bundles. */
    static final int FOUNDATION = 1;
    /** Everything else. */
    static final int PLUGINS = 2;

    private static final Set<String> FOUNDATION_BUNDLES = Set.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.log",
            "io.berth.config", "io.berth.log");

    private StartLevels() {
    }

    static int of(String symbolicName) {
        return FOUNDATION_BUNDLES.contains(symbolicName) ? FOUNDATION : PLUGINS;
    }
}
