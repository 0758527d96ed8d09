package io.berth.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start berthd. Only {@code home} is required; a {@code null} root, state, address or log
 * level means "not given": the launcher then uses the config file's value or the default, and does
 * not set the matching {@code berth.*} framework property.
 *
 * @param home    the distribution directory (holds {@code bundle/})
 * @param config  the config file to use, or {@code null} for none
 * @param root    {@code --root}
 * @param state   {@code --state}
 * @param address {@code --address}, the gRPC socket
 * @param logLevel {@code --log-level}
 * @param console also deploy {@code bundle/console/}, the interactive gogo shell
 */
public record Options(Path home, Path config, Path root, Path state, Path address, LogLevel logLevel,
                      boolean console) {

    public Options {
        // Bundle locations are file URIs made from home: they must not depend on the working directory.
        home = Objects.requireNonNull(home, "home").toAbsolutePath();
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** For in-process tests: name only what differs from a plain start. */
    public static final class Builder {
        private final Path home;
        private Path config;
        private Path root;
        private Path state;
        private Path address;
        private LogLevel logLevel;
        private boolean console;

        private Builder(Path home) {
            this.home = home;
        }

        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        public Builder root(Path dir) {
            this.root = dir;
            return this;
        }

        public Builder state(Path dir) {
            this.state = dir;
            return this;
        }

        public Builder address(Path socket) {
            this.address = socket;
            return this;
        }

        public Builder logLevel(LogLevel level) {
            this.logLevel = level;
            return this;
        }

        public Builder console(boolean enabled) {
            this.console = enabled;
            return this;
        }

        public Options build() {
            return new Options(home, config, root, state, address, logLevel, console);
        }
    }
}
