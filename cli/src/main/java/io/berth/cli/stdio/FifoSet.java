package io.berth.cli.stdio;

import io.berth.api.errors.BerthException;
import io.berth.api.namespaces.Identifiers;
import io.berth.cli.CommandFailure;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The named pipes of a process's standard streams, laid out as containerd's client lays them out: a fresh
 * directory under the root holding {@code ID-stdin}, {@code ID-stdout} and, without a terminal,
 * {@code ID-stderr} (a terminal carries both output streams on one).
 *
 * @param stderr empty with a terminal
 */
public record FifoSet(Path dir, Path stdin, Path stdout, Path stderr, boolean terminal) implements AutoCloseable {
    /** Where berth puts its pipes unless told otherwise, as ctr uses /run/containerd/fifo. */
    public static final Path DEFAULT_ROOT = Path.of("/run/berth/fifo");

    /** @param id names the pipes, so it must be an identifier: nothing is made outside the root */
    public static FifoSet create(Path root, String id, boolean terminal) {
        try {
            Identifiers.validate("process id", id);
        } catch (BerthException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        Path dir;
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            dir = Files.createTempDirectory(root, "");
        } catch (IOException e) {
            throw new CommandFailure("create the pipes of " + id + " in " + root + ": " + e.getMessage(), e);
        }
        FifoSet fifos = new FifoSet(dir, dir.resolve(id + "-stdin"), dir.resolve(id + "-stdout"),
                terminal ? null : dir.resolve(id + "-stderr"), terminal);
        fifos.make();
        return fifos;
    }

    /** The paths as the tasks service takes them; stderr is empty with a terminal. */
    public String stdinPath() {
        return stdin.toString();
    }

    public String stdoutPath() {
        return stdout.toString();
    }

    public String stderrPath() {
        return stderr == null ? "" : stderr.toString();
    }

    List<Path> pipes() {
        List<Path> pipes = new ArrayList<>(List.of(stdin, stdout));
        if (stderr != null) {
            pipes.add(stderr);
        }
        return pipes;
    }

    /** mkfifo(1) makes them: the JDK has no call for it, and this needs no native code. */
    private void make() {
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "0700"));
        pipes().forEach(pipe -> command.add(pipe.toString()));
        try {
            Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(mkfifo.getInputStream().readAllBytes()).strip();
            if (mkfifo.waitFor() != 0) {
                throw new CommandFailure("create the pipes in " + dir + ": " + output);
            }
        } catch (IOException e) {
            throw new CommandFailure("create the pipes in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("create the pipes in " + dir + ": interrupted", e);
        }
    }

    /**
     * Removes the directory. Each pipe is held open for reading and writing (which never blocks) while its name
     * goes, so that a copier still waiting for the other side (the process never started) gets its open back,
     * and one that had not yet opened finds no pipe.
     */
    @Override
    public void close() {
        List<RandomAccessFile> held = new ArrayList<>();
        try {
            for (Path pipe : pipes()) {
                try {
                    held.add(new RandomAccessFile(pipe.toFile(), "rw"));
                } catch (IOException gone) {
                    // Nothing waits on a pipe that is not there.
                }
            }
            deleteDirectory();
        } finally {
            for (RandomAccessFile pipe : held) {
                try {
                    pipe.close();
                } catch (IOException ignored) {
                    // Closing a pipe frees it; there is nothing to recover.
                }
            }
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new CommandFailure("remove the pipes in " + dir + ": " + e.getMessage(), e);
        }
    }
}
