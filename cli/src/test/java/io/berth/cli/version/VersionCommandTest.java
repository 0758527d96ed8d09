package io.berth.cli.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.cli.CliRun;
import io.berth.cli.ClientVersion;
import io.berth.cli.FakeDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth version} against a daemon on a real Unix socket. */
class VersionCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsClientAndServerInCtrsLayout() throws IOException {
        ClientVersion client = ClientVersion.current();
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of())) {
            CliRun run = CliRun.of("-a", daemon.socket().toString(), "version");

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("""
                    Client:
                      Version:  %s
                      Revision: %s
                      Java version: %s

                    Server:
                      Version:  %s
                      Revision: %s
                      UUID: %s
                    """.formatted(client.version(), client.revision(), System.getProperty("java.version"),
                    FakeDaemon.VERSION, FakeDaemon.REVISION, FakeDaemon.UUID), run.out());
            // The tests run from classes, not from the jar, so the client's version is unknown.
            assertEquals("WARNING: version mismatch\nWARNING: revision mismatch\n", run.err());
        }
    }

    @Test
    void jsonHoldsClientAndAllServerFields() throws IOException {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of())) {
            CliRun run = CliRun.of("-a", daemon.socket().toString(), "--format", "json", "version");

            assertEquals(0, run.exitCode(), run.err());
            String json = run.out();
            assertTrue(json.contains("\"client\": {"), json);
            assertTrue(json.contains("\"javaVersion\": \"" + System.getProperty("java.version") + "\""), json);
            assertTrue(json.contains("\"version\": \"" + FakeDaemon.VERSION + "\""), json);
            assertTrue(json.contains("\"uuid\": \"" + FakeDaemon.UUID + "\""), json);
            // uint64 is a string in protobuf's JSON mapping.
            assertTrue(json.contains("\"pid\": \"" + FakeDaemon.PID + "\""), json);
            assertTrue(json.contains("\"pidns\": \"0\""), json);
        }
    }

    @Test
    void clientPartShowsEvenWhenTheDaemonIsAbsent() {
        CliRun run = CliRun.of("-a", dir.resolve("absent.sock").toString(), "version");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().startsWith("Client:\n  Version:  "), run.out());
        assertEquals("berth: cannot connect to " + dir.resolve("absent.sock") + ": no such file\n", run.err());
    }
}
