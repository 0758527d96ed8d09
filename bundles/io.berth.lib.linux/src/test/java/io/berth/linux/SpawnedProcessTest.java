package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("restricted")
class SpawnedProcessTest {
    private static final Path ROOT = Path.of("/");

    @TempDir
    Path dir;

    private record Output(int exitCode, String stdout, String stderr) {
    }

    private static Output run(List<String> argv, Map<String, String> environment, Path directory, String input)
            throws Exception {
        SpawnedProcess process = SpawnedProcess.spawn(argv, environment, directory);
        try (OutputStream in = process.stdin()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String stdout;
        String stderr;
        try (InputStream out = process.stdout(); InputStream err = process.stderr()) {
            stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Output(process.waitFor(), stdout, stderr);
    }

    private static Output run(String... argv) throws Exception {
        return run(List.of(argv), Map.of(), ROOT, "");
    }

    @Test
    void echoPrintsItsArguments() throws Exception {
        assertEquals(new Output(0, "hello world\n", ""), run("/bin/echo", "hello", "world"));
    }

    @Test
    void standardInputReachesTheChild() throws Exception {
        assertEquals(new Output(0, "options\non stdin", ""), run(List.of("/bin/cat"), Map.of(), ROOT,
                "options\non stdin"));
    }

    @Test
    void aNonZeroExitStatusAndStandardErrorAreReported() throws Exception {
        assertEquals(new Output(3, "", "failed\n"), run("/bin/sh", "-c", "echo failed >&2; exit 3"));
    }

    @Test
    void aDeathBySignalIs128PlusTheSignal() throws Exception {
        assertEquals(128 + 15, run("/bin/sh", "-c", "kill -TERM $$").exitCode());
    }

    @Test
    void killEndsTheChildWithSigkill() throws Exception {
        SpawnedProcess process = SpawnedProcess.spawn(List.of("/bin/sleep", "1000"), Map.of(), ROOT);
        process.kill();
        assertEquals(128 + 9, process.waitFor());
        assertFalse(Files.exists(Path.of("/proc/" + process.pid())), "process " + process.pid() + " left behind");
        closeStreams(process);
    }

    @Test
    void theChildRunsInTheGivenDirectory() throws Exception {
        assertEquals(new Output(0, dir.toRealPath() + "\n", ""), run(List.of("/bin/pwd"), Map.of(), dir, ""));
    }

    @Test
    void theEnvironmentIsTheDaemonsPlusTheAdditions() throws Exception {
        String environment = run(List.of("/usr/bin/env"), Map.of("TTRPC_ADDRESS", "/run/x.sock.ttrpc"), ROOT, "")
                .stdout();
        Set<String> lines = Set.of(environment.split("\n"));
        assertTrue(lines.contains("TTRPC_ADDRESS=/run/x.sock.ttrpc"), environment);
        assertTrue(lines.contains("PATH=" + System.getenv("PATH")), environment);
    }

    @Test
    void aMissingBinaryIsAnIoExceptionNamingItAndTheError() {
        IOException e = assertThrows(IOException.class,
                () -> SpawnedProcess.spawn(List.of("/no/such/shim", "start"), Map.of(), ROOT));
        assertTrue(e.getMessage().contains("/no/such/shim") && e.getMessage().contains("No such file or directory"),
                e.getMessage());
    }

    @Test
    void aRelativeBinaryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SpawnedProcess.spawn(List.of("true"), Map.of(), ROOT));
    }

    @Test
    void theChildSeesNoDescriptorOfTheParentButItsThreePipes() throws Exception {
        // Descriptors the child must not inherit: an open file and the parent's ends of another child's pipes.
        try (FileInputStream open = new FileInputStream("/proc/self/status")) {
            SpawnedProcess other = SpawnedProcess.spawn(List.of("/bin/cat"), Map.of(), ROOT);
            Output listing = run("/bin/ls", "/proc/self/fd");
            other.stdin().close();
            assertEquals(0, other.waitFor());
            closeStreams(other);

            // 3 is the directory ls opens to list itself.
            assertEquals(Set.of("0", "1", "2", "3"), Set.of(listing.stdout().strip().split("\n")), listing.stdout());
        }
    }

    @Test
    void theChildStartsWithNoBlockedAndNoIgnoredSignals() throws Throwable {
        Output status;
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MethodHandle sigmask = linker.downcallHandle(linker.defaultLookup().find("pthread_sigmask").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS));
            int sigBlock = 0;
            int sigSetmask = 2;
            int sigwinch = 28;
            MemorySegment block = arena.allocate(128);
            block.set(ValueLayout.JAVA_LONG, 0, 1L << (sigwinch - 1));
            MemorySegment previous = arena.allocate(128);
            // This thread blocks SIGWINCH while it spawns: the child must not inherit that.
            assertEquals(0, (int) sigmask.invokeExact(sigBlock, block, previous));
            try {
                status = run("/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status");
            } finally {
                assertEquals(0, (int) sigmask.invokeExact(sigSetmask, previous, MemorySegment.NULL));
            }
        }
        Map<String, Long> masks = Arrays.stream(status.stdout().split("\n")).map(line -> line.split(":\t"))
                .collect(Collectors.toMap(field -> field[0], field -> Long.parseUnsignedLong(field[1], 16)));
        assertEquals(0L, masks.get("SigBlk"), status.stdout());
        // Signals 1-31 (bits 0-30); glibc leaves its internal 32 and 33 ignored, as in ProcessBuilder's children.
        assertEquals(0L, masks.get("SigIgn") & 0x7fffffffL, status.stdout());
    }

    @Test
    void noZombieIsLeftAfterTheWait() throws Exception {
        SpawnedProcess process = SpawnedProcess.spawn(List.of("/bin/true"), Map.of(), ROOT);
        assertEquals(0, process.waitFor());
        assertFalse(Files.exists(Path.of("/proc/" + process.pid())), "process " + process.pid() + " left behind");
        closeStreams(process);
    }

    @Test
    void combinedOutputHasStandardErrorOnTheOutputPipeInTheOrderWritten() throws Exception {
        SpawnedProcess process = SpawnedProcess.spawnWithCombinedOutput(
                List.of("/bin/sh", "-c", "echo one; echo two >&2; echo three"), Map.of(), ROOT);
        process.stdin().close();
        try (InputStream out = process.stdout(); InputStream err = process.stderr()) {
            assertEquals("one\ntwo\nthree\n", new String(out.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, err.readAllBytes().length);
        }
        assertEquals(0, process.waitFor());
    }

    @Test
    void aChildThatHasEndedIsReapedByTheWaitAndItsExitIsTheSameEverywhere() throws Exception {
        SpawnedProcess process = SpawnedProcess.spawn(List.of("/bin/sh", "-c", "exit 7"), Map.of(), ROOT);
        closeStreams(process);
        // A zombie: ended, not yet reaped by anyone.
        while (!stateOf(process.pid()).equals("Z") && !process.onExit().isDone()) {
            Thread.sleep(1);
        }
        assertEquals(7, process.waitFor());
        assertEquals(7, process.onExit().join());
        assertEquals(7, process.waitFor());
        assertFalse(Files.exists(Path.of("/proc/" + process.pid())), "process " + process.pid() + " left behind");
    }

    /** The state letter of /proc/PID/stat, "" once the process is gone. */
    private static String stateOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void twoHundredSpawnsLeakNoDescriptor() throws Exception {
        run("/bin/true");
        Set<String> before = descriptors();
        for (int i = 0; i < 200; i++) {
            assertEquals(0, run("/bin/true").exitCode());
        }
        for (int i = 0; i < 200; i++) {
            SpawnedProcess process = SpawnedProcess.spawnWithCombinedOutput(List.of("/bin/true"), Map.of(), ROOT);
            closeStreams(process);
            assertEquals(0, process.waitFor());
        }
        assertEquals(before, descriptors());
    }

    @Test
    void aFailedSpawnLeaksNoDescriptor() throws Exception {
        run("/bin/true");
        Set<String> before = descriptors();
        for (int i = 0; i < 20; i++) {
            assertThrows(IOException.class, () -> SpawnedProcess.spawn(List.of("/no/such/binary"), Map.of(), ROOT));
            assertThrows(IOException.class, () -> SpawnedProcess.spawn(List.of("/bin/true"), Map.of(),
                    dir.resolve("missing")));
        }
        assertEquals(before, descriptors());
    }

    private static Set<String> descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> fd.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void closeStreams(SpawnedProcess process) throws IOException {
        process.stdin().close();
        process.stdout().close();
        process.stderr().close();
    }
}
