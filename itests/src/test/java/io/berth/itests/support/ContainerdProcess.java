package io.berth.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.sun.security.auth.module.UnixSystem;

import io.berth.cli.UnixChannels;
import io.grpc.ManagedChannel;

/**
 * Debian's containerd on a root, state, socket and config of a test's own, with its CRI plugin off: the daemon
 * berthd's behaviour is held against. Its output goes to {@code containerd.log} there. Closing it ends the tasks a
 * test left to it, then stops it.
 */
public final class ContainerdProcess implements Daemon {
    private static final Path CONTAINERD = Path.of("/usr/bin/containerd");

    private final Path dir;
    private final Process process;
    private final ManagedChannel channel;

    private ContainerdProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.channel = UnixChannels.open(socket());
    }

    /** Skips the calling test, saying why, where the containerd package is not installed or this is not root. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CONTAINERD),
                "containerd is not installed (Debian package containerd); .ci/run installs it");
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "containerd runs as root; CI runs as root");
    }

    /**
     * Skips the calling test, saying why, unless both daemons can run the same tasks here: containerd, ctr, the test
     * registry and runc installed, and this is root.
     */
    public static void assumeTasksRun() {
        assumeInstalled();
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")),
                "runc is not installed (Debian package runc); .ci/run installs it");
    }

    /** Starts containerd and waits until its socket answers Version. */
    public static ContainerdProcess start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("config.toml"),
                "version = 2\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n", StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(CONTAINERD.toString(), "-c", config.toString(),
                "--root", dir.resolve("root").toString(), "--state", dir.resolve("state").toString(),
                "-a", dir.resolve("containerd.sock").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        ContainerdProcess containerd = new ContainerdProcess(dir, process);
        try {
            DaemonApi.awaitServing("containerd", process, containerd.channel, containerd::log);
        } catch (AssertionError | InterruptedException e) {
            containerd.close();
            throw e;
        }
        return containerd;
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    @Override
    public ManagedChannel channel() {
        return channel;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("containerd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                DaemonApi.endTasks(channel);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
