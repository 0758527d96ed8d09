package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Distribution;

/** {@code berthd --console}: the gogo shell on the daemon's own terminal, with the berth:* commands. */
class ConsoleTest {
    @TempDir
    Path dir;

    /** Collects what the console prints, for the test to wait on. */
    private static final class Screen {
        private final StringBuilder text = new StringBuilder();

        Screen(InputStream out) {
            Thread.startVirtualThread(() -> {
                byte[] buffer = new byte[4096];
                int read;
                try {
                    while ((read = out.read(buffer)) >= 0) {
                        synchronized (text) {
                            text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                            text.notifyAll();
                        }
                    }
                } catch (IOException ended) {
                    // The process is gone.
                }
            });
        }

        String await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (text) {
                while (text.indexOf(expected) < 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError("console never showed \"" + expected + "\":\n" + text);
                    }
                    text.wait(left);
                }
                return text.toString();
            }
        }
    }

    @Test
    void theConsoleRunsBerthAndFelixCommandsAndEndsTheDaemonWhenClosed() throws Exception {
        Files.writeString(dir.resolve("config.toml"), "");
        Process berthd = new ProcessBuilder(Distribution.berthd().toString(), "--console",
                "-c", dir.resolve("config.toml").toString(), "--root", dir.resolve("root").toString(),
                "--state", dir.resolve("state").toString(), "-a", dir.resolve("berth.sock").toString())
                .redirectError(dir.resolve("berthd.log").toFile())
                .start();
        try {
            Screen screen = new Screen(berthd.getInputStream());
            OutputStream keyboard = berthd.getOutputStream();
            screen.await("g!");

            keyboard.write("berth:plugins\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            String plugins = screen.await("introspection");
            assertTrue(plugins.contains("TYPE"), plugins);

            keyboard.write("berth:version\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("Root:     " + dir.resolve("root"));

            keyboard.write("berth:namespaces\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("NAME    LABELS");

            keyboard.write("berth:images -n default\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("REF    TYPE    DIGEST    LABELS");

            keyboard.write("berth:tasks\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("TASK    PID    STATUS    RUNTIME");

            keyboard.write("lb io.berth.grpc\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            screen.await("Berth gRPC server");

            keyboard.close();
            assertTrue(berthd.waitFor(60, TimeUnit.SECONDS), "the daemon ends with its console");
            assertEquals(0, berthd.exitValue(), Files.readString(dir.resolve("berthd.log")));
        } finally {
            berthd.destroyForcibly().waitFor();
        }
    }
}
