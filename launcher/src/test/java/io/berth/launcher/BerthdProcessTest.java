package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.launch.Framework;

/** berthd as the operator sees it: a process, its exit code and its stderr. */
class BerthdProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheFrameworkAndTheProcessExitsZero() throws Exception {
        Process daemon = berthd("--root", dir.resolve("root").toString(), "-a", dir.resolve("b.sock").toString());
        try {
            BufferedReader err = reader(daemon);
            awaitLine(err, "successfully booted");
            daemon.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of stderr
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue());
            assertTrue(awaitLine(err, "received SIGTERM").matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[berthd] received SIGTERM, stopping"));
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void aSecondDaemonOnTheSameRootExitsOneNamingTheFirst() throws Exception {
        Path root = dir.resolve("root");
        Process first = berthd("--root", root.toString(), "-a", dir.resolve("b.sock").toString());
        try {
            awaitLine(reader(first), "successfully booted");
            Process second = berthd("--root", root.toString(), "-a", dir.resolve("b.sock").toString());
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            assertEquals("berthd: another berthd (pid " + first.pid() + ") is using root " + root,
                    reader(second).readLine());
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void anUnknownFlagExitsTwoWithAHint() throws Exception {
        Process berthd = berthd("--bogus");
        assertTrue(berthd.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, berthd.exitValue());
        BufferedReader err = reader(berthd);
        assertEquals("berthd: flag provided but not defined: --bogus", err.readLine());
        assertEquals("Run 'berthd --help' for usage.", err.readLine());
    }

    private Process berthd(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-Dberth.home=" + dir.resolve("home"),
                "-cp", codeSource(Berthd.class) + File.pathSeparator + codeSource(Framework.class),
                Berthd.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    }

    private static String awaitLine(BufferedReader err, String part) throws IOException {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            if (line.contains(part)) {
                return line;
            }
        }
        throw new AssertionError("berthd ended without a line containing: " + part);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
