package io.berth.services;

import java.nio.file.Path;

import io.berth.api.daemon.Daemon;

/** The daemon's identity and directories for services run by a test: its root and state under one directory. */
public record TestDaemon(Path dir) implements Daemon {
    @Override
    public String version() {
        return "test";
    }

    @Override
    public String revision() {
        return "";
    }

    @Override
    public Path root() {
        return dir.resolve("root");
    }

    @Override
    public Path state() {
        return dir.resolve("state");
    }
}
