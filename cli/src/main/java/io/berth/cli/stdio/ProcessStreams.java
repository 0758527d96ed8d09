package io.berth.cli.stdio;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a process's streams between its pipes and this program's own, as containerd's client does: its input
 * until this program's ends (then {@code stdinClosed} runs, so the process sees the end too), its output until
 * the shim closes the pipes. Each copier opens its pipe in its own thread, because opening a pipe waits for the
 * other side, which the shim opens only when it creates the process.
 */
public final class ProcessStreams {
    private static final int BUFFER = 32 * 1024;

    private final List<Thread> outputs = new ArrayList<>();

    private ProcessStreams() {
    }

    public static ProcessStreams attach(FifoSet fifos, InputStream in, OutputStream out, OutputStream err,
            Runnable stdinClosed) {
        ProcessStreams streams = new ProcessStreams();
        Thread.ofPlatform().daemon().name("stdin").start(() -> copyInput(in, fifos, stdinClosed));
        streams.outputs.add(Thread.ofPlatform().daemon().name("stdout").start(() -> copyOutput(fifos.stdout(), out)));
        if (fifos.stderr() != null) {
            streams.outputs.add(Thread.ofPlatform().daemon().name("stderr")
                    .start(() -> copyOutput(fifos.stderr(), err)));
        }
        return streams;
    }

    /** Returns once everything the process wrote has been copied. */
    public void awaitOutput() throws InterruptedException {
        for (Thread output : outputs) {
            output.join();
        }
    }

    private static void copyInput(InputStream in, FifoSet fifos, Runnable stdinClosed) {
        try (OutputStream pipe = new FileOutputStream(fifos.stdin().toFile())) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                pipe.write(buffer, 0, n);
                pipe.flush();
            }
        } catch (IOException closed) {
            // The process ended, or the pipes were removed: there is no one left to write to.
            return;
        }
        stdinClosed.run();
    }

    private static void copyOutput(Path fifo, OutputStream out) {
        try (InputStream pipe = new FileInputStream(fifo.toFile())) {
            byte[] buffer = new byte[BUFFER];
            for (int n = pipe.read(buffer); n >= 0; n = pipe.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // The pipes were removed: nothing more will come.
        }
    }
}
