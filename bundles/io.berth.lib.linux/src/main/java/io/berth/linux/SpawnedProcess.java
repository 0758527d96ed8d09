package io.berth.linux;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A child process started with posix_spawn(3), which is cheaper than {@link ProcessBuilder} (that execs a helper
 * that then execs the binary). The child gets pipes as its standard streams, the daemon's environment plus the
 * given additions, and none of the daemon's other descriptors. Its exit is awaited by the JDK's process reaper
 * without reaping (waitid with WNOWAIT, as for any {@link ProcessHandle}), then reaped here, so no zombie stays
 * and no virtual thread blocks its carrier in wait; a {@link #waitFor()} after the child has ended reaps it at once.
 */
@SuppressWarnings("restricted")
public final class SpawnedProcess {
    private static final int WNOHANG = 1;
    private static final MethodHandle WAITPID = Posix.bind("waitpid",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT));

    private final int pid;
    private final Optional<ProcessHandle> handle;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private SpawnedProcess(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.handle = ProcessHandle.of(pid);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        awaitExit();
    }

    /**
     * Starts {@code argv[0]}.
     *
     * @param argv the binary, by absolute path (no search of PATH), then its arguments
     * @param environment variables to set on top of the daemon's own environment
     * @param directory the child's working directory
     * @throws IOException naming the binary and the error when it cannot be started
     */
    public static SpawnedProcess spawn(List<String> argv, Map<String, String> environment, Path directory)
            throws IOException {
        return spawn(argv, environment, directory, false);
    }

    /**
     * Starts {@code argv[0]} like {@link #spawn(List, Map, Path)}, with its standard error on the pipe of its standard
     * output, as Go's {@code CombinedOutput} runs a command: {@link #stdout()} reads both, {@link #stderr()} nothing.
     */
    public static SpawnedProcess spawnWithCombinedOutput(List<String> argv, Map<String, String> environment,
                                                         Path directory) throws IOException {
        return spawn(argv, environment, directory, true);
    }

    private static SpawnedProcess spawn(List<String> argv, Map<String, String> environment, Path directory,
                                        boolean combinedOutput) throws IOException {
        if (argv.isEmpty() || !argv.getFirst().startsWith("/")) {
            throw new IllegalArgumentException("the binary must be an absolute path: " + argv);
        }
        List<String> envp = environment(environment);
        for (String text : argv) {
            refuseNul(text, "argument");
        }
        refuseNul(directory.toString(), "directory");
        // Pipes in pairs [read, write]: stdin (the child reads), stdout and stderr (the child writes).
        int[] fds = {-1, -1, -1, -1, -1, -1};
        List<Closeable> parentEnds = new ArrayList<>(3);
        try {
            for (int i = 0; i < (combinedOutput ? 4 : fds.length); i += 2) {
                int[] pipe = PosixSpawn.pipe();
                fds[i] = pipe[0];
                fds[i + 1] = pipe[1];
            }
            // Opened while the child's ends are still open here: opening a pipe with no peer would block.
            OutputStream in = adopt(fds, 1, parentEnds, FileOutputStream::new);
            InputStream out = adopt(fds, 2, parentEnds, FileInputStream::new);
            InputStream err = combinedOutput ? InputStream.nullInputStream()
                    : adopt(fds, 4, parentEnds, FileInputStream::new);
            int pid = PosixSpawn.spawn(argv, envp, directory, fds[0], fds[3], combinedOutput ? fds[3] : fds[5]);
            parentEnds.clear();
            return new SpawnedProcess(pid, in, out, err);
        } finally {
            for (int fd : fds) {
                closeQuietly(() -> PosixSpawn.close(fd));
            }
            for (Closeable stream : parentEnds) {
                closeQuietly(stream);
            }
        }
    }

    public long pid() {
        return pid;
    }

    /** The child's standard input; closing it gives the child end of file. */
    public OutputStream stdin() {
        return stdin;
    }

    public InputStream stdout() {
        return stdout;
    }

    public InputStream stderr() {
        return stderr;
    }

    /** Completes with the exit status once the child is reaped: its exit code, or 128 + the signal that killed it. */
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /** Waits for the exit; see {@link #onExit()}. */
    public int waitFor() throws InterruptedException, IOException {
        // A child that has ended is reaped here rather than after the JDK's reaper thread has seen it end.
        reapIfEnded();
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Sends SIGKILL, unless the child has exited (its pid might then be another process's). */
    public void kill() {
        handle.ifPresent(ProcessHandle::destroyForcibly);
    }

    private void awaitExit() {
        handle.map(ProcessHandle::onExit).orElseGet(() -> CompletableFuture.completedFuture(null))
                .thenRun(this::reap);
    }

    /** After the JDK's reaper saw the child end. */
    private void reap() {
        if (!reapIfEnded()) {
            // The JDK still held the finished wait of an earlier process with this pid: wait again.
            awaitExit();
        }
    }

    /** Reaps the child if it has ended; true once its exit is known. One caller at a time reaps it. */
    private boolean reapIfEnded() {
        synchronized (exit) {
            if (exit.isDone()) {
                return true;
            }
            try {
                int[] status = {0};
                int[] reaped = {0};
                Posix.call("waitpid", Path.of("/proc/" + pid), (arena, state) -> {
                    MemorySegment result = arena.allocate(ValueLayout.JAVA_INT);
                    reaped[0] = (int) WAITPID.invokeExact(state, pid, result, WNOHANG);
                    status[0] = result.get(ValueLayout.JAVA_INT, 0);
                    return reaped[0] < 0 ? -1 : 0;
                });
                if (reaped[0] != pid) {
                    return false;
                }
                exit.complete(exitCode(status[0]));
            } catch (IOException | RuntimeException e) {
                exit.completeExceptionally(e);
            }
            return true;
        }
    }

    /** The status as a shell reports it: WEXITSTATUS when it exited, 128 + WTERMSIG when a signal killed it. */
    static int exitCode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static List<String> environment(Map<String, String> additions) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(System.getenv());
        all.putAll(additions);
        List<String> envp = new ArrayList<>(all.size());
        for (Map.Entry<String, String> variable : all.entrySet()) {
            if (variable.getKey().isEmpty() || variable.getKey().indexOf('=') >= 0) {
                throw new IOException("invalid environment variable name: " + variable.getKey());
            }
            String entry = variable.getKey() + "=" + variable.getValue();
            refuseNul(entry, "environment variable");
            envp.add(entry);
        }
        return envp;
    }

    private static void refuseNul(String text, String what) throws IOException {
        if (text.indexOf('\0') >= 0) {
            throw new IOException("invalid NUL character in " + what + ": " + text.replace('\0', '?'));
        }
    }

    @FunctionalInterface
    private interface Opener<T extends Closeable> {
        T open(String path) throws IOException;
    }

    /** Turns the raw descriptor {@code fds[index]} into a stream over the same pipe and closes the descriptor. */
    private static <T extends Closeable> T adopt(int[] fds, int index, List<Closeable> opened, Opener<T> opener)
            throws IOException {
        T stream = opener.open("/proc/self/fd/" + fds[index]);
        opened.add(stream);
        int fd = fds[index];
        fds[index] = -1;
        PosixSpawn.close(fd);
        return stream;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Linux frees the descriptor even when close reports an error; there is nothing left to undo.
        }
    }
}
