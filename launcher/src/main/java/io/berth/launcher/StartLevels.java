package io.berth.launcher;

import java.util.Set;

/**
 * Configuration and logging start before any plugin does: by the time a plugin activates, config.toml is in
 * ConfigAdmin, so no plugin ever starts on defaults the file overrides (the gRPC server binding the default socket
 * for a moment, say). The API server starts last, as containerd serves only once every plugin has loaded: a client
 * that reaches the socket finds every snapshotter and runtime the daemon has.
 */
final class StartLevels {
    /** Declarative Services, ConfigAdmin, the Log service, and Berth's config and log bundles. */
    static final int FOUNDATION = 1;
    /** Every plugin. */
    static final int PLUGINS = 2;
    /** The gRPC server on the daemon's socket. */
    static final int SERVING = 3;

    private static final Set<String> FOUNDATION_BUNDLES = Set.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.log",
            "io.berth.config", "io.berth.log");
    private static final Set<String> SERVING_BUNDLES = Set.of("io.berth.grpc");

    private StartLevels() {
    }

    static int of(String symbolicName) {
        if (FOUNDATION_BUNDLES.contains(symbolicName)) {
            return FOUNDATION;
        }
        return SERVING_BUNDLES.contains(symbolicName) ? SERVING : PLUGINS;
    }
}
