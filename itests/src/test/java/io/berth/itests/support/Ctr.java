package io.berth.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/** Debian's real {@code ctr} client, pointed at a socket. */
public final class Ctr {
    private static final Path CTR = Path.of("/usr/bin/ctr");

    private final Path socket;

    public Ctr(Path socket) {
        this.socket = socket;
    }

    /** Skips the calling test, saying why, where the containerd package is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CTR),
                "ctr is not installed (Debian package containerd); .ci/run installs it");
    }

    public Command.Result run(String... args) throws IOException, InterruptedException {
        return Command.run(command(args));
    }

    /** Runs ctr with its standard input read from {@code input}, as {@code content ingest} wants. */
    public Command.Result runWithInput(Path input, String... args) throws IOException, InterruptedException {
        return Command.run(command(args), input);
    }

    /** Starts {@code ctr events} with these filters in the background; its standard error goes to {@code stderr}. */
    public CtrEvents events(Path stderr, String... filters) throws IOException {
        List<String> command = command("events");
        command.addAll(List.of(filters));
        return new CtrEvents(command, stderr);
    }

    /**
     * Kills the container's task and removes the task and the container, passing over what is not there: a test's
     * clean-up, which must not fail where the test did not get as far as to make them.
     */
    public void removeContainer(String id) throws IOException, InterruptedException {
        run("task", "kill", "-s", "SIGKILL", id);
        run("task", "rm", "-f", id);
        run("container", "rm", id);
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(CTR.toString(), "--address", socket.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
