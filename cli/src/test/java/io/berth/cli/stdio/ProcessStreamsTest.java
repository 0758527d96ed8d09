package io.berth.cli.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.cli.CommandFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipes of a process's streams, on real named pipes, with this test on the side the shim would be: what goes
 * in comes out at the other end, the end of input is passed on, and output is complete when the writers close.
 */
class ProcessStreamsTest {
    @TempDir
    Path dir;

    @Test
    void theSetIsAFreshDirectoryOfPipesNamedAfterTheProcess() throws IOException {
        try (FifoSet fifos = FifoSet.create(dir.resolve("fifo"), "t1", false)) {
            assertEquals(dir.resolve("fifo"), fifos.dir().getParent());
            assertEquals(fifos.dir().resolve("t1-stdin"), fifos.stdin());
            assertEquals(fifos.dir().resolve("t1-stdout"), fifos.stdout());
            assertEquals(fifos.dir().resolve("t1-stderr").toString(), fifos.stderrPath());
            for (Path pipe : fifos.pipes()) {
                assertTrue(Files.readAttributes(pipe, BasicFileAttributes.class).isOther(), pipe + " is a pipe");
            }
        }
        try (var left = Files.list(dir.resolve("fifo"))) {
            assertEquals(0, left.count(), "closing removes the directory");
        }
    }

    @Test
    void anIdThatIsNoIdentifierMakesNothingAnywhere() throws IOException {
        Path root = Files.createDirectories(dir.resolve("a/fifo"));

        CommandFailure failure = assertThrows(CommandFailure.class, () -> FifoSet.create(root, "../../escape", false));

        assertTrue(failure.getMessage().startsWith("process id \"../../escape\" must be letters and digits"),
                failure.getMessage());
        try (var made = Files.walk(dir)) {
            assertEquals(List.of(dir, dir.resolve("a"), root), made.sorted().toList());
        }
    }

    @Test
    void aTerminalHasNoStandardErrorPipe() {
        try (FifoSet fifos = FifoSet.create(dir, "t1", true)) {
            assertNull(fifos.stderr());
            assertEquals("", fifos.stderrPath());
            assertFalse(Files.exists(fifos.dir().resolve("t1-stderr")));
        }
    }

    @Test
    void inputAndOutputAreCopiedToTheirEndsAndTheEndOfInputIsPassedOn() throws Exception {
        try (FifoSet fifos = FifoSet.create(dir, "t1", false)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CountDownLatch stdinClosed = new CountDownLatch(1);
            ProcessStreams streams = ProcessStreams.attach(fifos,
                    new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8)), out, err, stdinClosed::countDown);

            String received;
            try (InputStream stdin = new FileInputStream(fifos.stdin().toFile());
                    OutputStream stdout = new FileOutputStream(fifos.stdout().toFile());
                    OutputStream stderr = new FileOutputStream(fifos.stderr().toFile())) {
                received = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                stdout.write("hello\n".getBytes(StandardCharsets.UTF_8));
                stderr.write("oops\n".getBytes(StandardCharsets.UTF_8));
            }
            streams.awaitOutput();
            stdinClosed.await();

            assertEquals("typed\n", received);
            assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("oops\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void closingReleasesCopiersWhoseProcessNeverOpenedThePipes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessStreams streams;
        try (FifoSet fifos = FifoSet.create(dir, "t1", true)) {
            streams = ProcessStreams.attach(fifos, InputStream.nullInputStream(), out, out, () -> { });
        }
        streams.awaitOutput();
        assertEquals(0, out.size());
    }
}
