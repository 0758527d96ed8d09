package io.berth.runtime.shim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.berth.api.errors.BerthException;
import io.berth.linux.SpawnedProcess;

/**
 * The shim binary's two commands, with containerd's arguments: {@code start} (run in the bundle, the options on
 * standard input; prints the address of the shim it started) and {@code delete} (cleans up after a shim that died;
 * prints a serialized {@code DeleteResponse}). Both get {@code TTRPC_ADDRESS}, where shims publish events.
 *
 * @param binary the shim binary
 * @param namespace the task's namespace
 * @param daemonAddress the daemon's gRPC socket
 * @param ttrpcAddress the daemon's ttrpc socket for events
 * @param publishBinary what containerd passes as its own binary; the 2.x shims no longer call it
 */
record ShimCommand(Path binary, String namespace, String daemonAddress, String ttrpcAddress, String publishBinary) {
    static final String TTRPC_ADDRESS = "TTRPC_ADDRESS";

    /** Output of one command run to its end. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    List<String> startArguments(String id) {
        List<String> args = common(id);
        args.add("start");
        return args;
    }

    List<String> deleteArguments(String id, Path bundle) {
        List<String> args = common(id);
        args.add("-bundle");
        args.add(bundle.toString());
        args.add("delete");
        return args;
    }

    Map<String, String> environment() {
        return Map.of(TTRPC_ADDRESS, ttrpcAddress);
    }

    /**
     * Starts a shim for the task in its bundle.
     *
     * @param options the serialized {@code google.protobuf.Any} of the runtime options; empty for none
     * @return what it printed: the address
     * @throws BerthException FAILED_PRECONDITION when it fails, with what it said
     */
    String start(String id, Path bundle, byte[] options) throws IOException {
        Result result = run(startArguments(id), bundle, options, true);
        if (result.exitCode() != 0) {
            throw BerthException.failedPrecondition("%s start for task %s failed with exit status %d: %s",
                    binary.getFileName(), id, result.exitCode(), said(result));
        }
        return result.stdoutText();
    }

    /**
     * Runs {@code delete} for a task whose shim is gone.
     *
     * @return its output, a serialized {@code DeleteResponse}
     * @throws BerthException FAILED_PRECONDITION when it fails, with what it said
     */
    byte[] delete(String id, Path bundle) throws IOException {
        Result result = run(deleteArguments(id, bundle), bundle, new byte[0], false);
        if (result.exitCode() != 0) {
            throw BerthException.failedPrecondition("%s delete for task %s failed with exit status %d: %s",
                    binary.getFileName(), id, result.exitCode(), said(result));
        }
        return result.stdout();
    }

    private List<String> common(String id) {
        List<String> args = new ArrayList<>();
        args.add(binary.toString());
        args.add("-namespace");
        args.add(namespace);
        args.add("-address");
        args.add(daemonAddress);
        args.add("-publish-binary");
        args.add(publishBinary);
        args.add("-id");
        args.add(id);
        return args;
    }

    /**
     * Runs a command to its end. With {@code combinedOutput} its standard output and error come on one pipe, as
     * containerd reads a shim's start, and the result has them as its output.
     */
    private Result run(List<String> args, Path directory, byte[] stdin, boolean combinedOutput) throws IOException {
        // posix_spawn: a shim starts on the path of every task's creation, and ProcessBuilder execs a helper first.
        SpawnedProcess process = combinedOutput ? SpawnedProcess.spawnWithCombinedOutput(args, environment(), directory)
                : SpawnedProcess.spawn(args, environment(), directory);
        CompletableFuture<byte[]> stdout = drain(process.stdout());
        CompletableFuture<byte[]> stderr = combinedOutput ? CompletableFuture.completedFuture(new byte[0])
                : drain(process.stderr());
        try (OutputStream in = process.stdin()) {
            in.write(stdin);
        } catch (IOException e) {
            // A shim that does not read its options closes the pipe early: its exit status tells the rest.
        }
        try {
            // The output is read to its end first: the child has ended by then, and the wait reaps it at once.
            byte[] printed = stdout.get();
            return new Result(process.waitFor(), printed, new String(stderr.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + binary.getFileName(), e);
        } catch (ExecutionException e) {
            throw new IOException("reading what " + binary.getFileName() + " printed", e.getCause());
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    private static String said(Result result) {
        String text = (result.stderr().strip() + " " + result.stdoutText().strip()).strip();
        return text.isEmpty() ? "no output" : text;
    }
}
