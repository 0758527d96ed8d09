package io.berth.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.berth.cli.UnixChannels;
import io.grpc.ManagedChannel;

/**
 * A real {@code bin/berthd} process on a private root, state, socket and config file under one
 * directory. Its standard error (the log) goes to {@code berthd.log} there. Closing a daemon that still runs
 * ends the tasks a test left to it first: containers outlive their daemon, as they outlive its restart.
 */
public final class DaemonProcess implements Daemon {
    private final Path dir;
    private final Process process;
    private final List<ManagedChannel> channels = new ArrayList<>();

    private DaemonProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts berthd with this config.toml text and waits until its socket answers Version. */
    public static DaemonProcess start(Path dir, String config, String... flags) throws IOException, InterruptedException {
        DaemonProcess daemon = launch(dir, config, flags);
        daemon.awaitServing();
        return daemon;
    }

    /** Starts berthd and returns at once: for tests of a daemon that must refuse to start. */
    public static DaemonProcess launch(Path dir, String config, String... flags) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.toml"), config, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Distribution.berthd().toString(),
                "-c", dir.resolve("config.toml").toString(),
                "--root", dir.resolve("root").toString(),
                "--state", dir.resolve("state").toString(),
                "-a", dir.resolve("berth.sock").toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(dir.resolve("berthd.out").toFile())
                .redirectError(dir.resolve("berthd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return new DaemonProcess(dir, process);
    }

    private void awaitServing() throws InterruptedException {
        DaemonApi.awaitServing("berthd", process, channel(), this::log);
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public Path socket() {
        return dir.resolve("berth.sock");
    }

    public Path config() {
        return dir.resolve("config.toml");
    }

    public Path root() {
        return dir.resolve("root");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the daemon logged so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("berthd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public ManagedChannel channel() {
        ManagedChannel channel = UnixChannels.open(socket());
        channels.add(channel);
        return channel;
    }

    /** Waits for a daemon that is expected to exit by itself, and returns its exit status. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("berthd still running:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd stops it, and the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                DaemonApi.endTasks(channel());
            }
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
