package io.berth.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where this daemon keeps its data, its state and its socket: a flag wins, then the config file's
 * top-level {@code root} / {@code state}, then containerd-like defaults.
 */
record DaemonPaths(Path root, Path state, Path address) {
    static final Path DEFAULT_ROOT = Path.of("/var/lib/berth");
    static final Path DEFAULT_STATE = Path.of("/run/berth");
    // The socket lives in [grpc] of config.toml, which the launcher does not read: flag or default.
    static final Path DEFAULT_ADDRESS = Path.of("/run/berth/berth.sock");

    static DaemonPaths resolve(Options options, Map<String, String> topLevel) {
        return new DaemonPaths(
                pick(options.root(), topLevel.get("root"), DEFAULT_ROOT),
                pick(options.state(), topLevel.get("state"), DEFAULT_STATE),
                options.address() != null ? options.address().toAbsolutePath() : DEFAULT_ADDRESS);
    }

    Path felixCache() {
        return root.resolve("felix-cache");
    }

    private static Path pick(Path flag, String fromFile, Path fallback) {
        Path chosen = flag != null ? flag : fromFile != null ? Path.of(fromFile) : fallback;
        return chosen.toAbsolutePath();
    }
}
