package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one line on standard error and exit code 1; a stack trace only with --debug. */
class FailureReportingTest {
    @TempDir
    Path dir;

    @Test
    void missingSocketSaysSoPlainly() {
        Path absent = dir.resolve("absent.sock");
        CliRun run = CliRun.of("--address", absent.toString(), "plugins");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals("berth: cannot connect to " + absent + ": no such file\n", run.err());
    }

    @Test
    void socketWithoutDaemonIsConnectionRefused() throws IOException {
        Path stale = dir.resolve("stale.sock");
        // A socket file left behind by a daemon that is gone: it exists, but nobody listens.
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(stale));
        }
        CliRun run = CliRun.of("--address", stale.toString(), "plugins");

        assertEquals(1, run.exitCode());
        assertEquals("berth: cannot connect to " + stale + ": connection refused\n", run.err());
    }

    @Test
    void daemonErrorShowsWhatFailedCodeAndDescription() throws IOException {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of())) {
            daemon.failPluginsWith(Status.FAILED_PRECONDITION.withDescription("plugin registry is not ready"));
            CliRun run = CliRun.of("--address", daemon.socket().toString(), "plugins");

            assertEquals(1, run.exitCode());
            assertEquals("berth: list plugins: FailedPrecondition: plugin registry is not ready\n", run.err());
        }
    }

    @Test
    void stuckDaemonHitsTheDeadline() throws IOException {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of())) {
            daemon.hangPlugins();
            CliRun run = CliRun.of("--address", daemon.socket().toString(), "--timeout", "300ms", "plugins");

            assertEquals(1, run.exitCode());
            assertTrue(run.err().startsWith("berth: list plugins: DeadlineExceeded: "), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun run = CliRun.of("--debug", "--address", dir.resolve("absent.sock").toString(), "plugins");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat io.berth.cli.Daemon.connect"), run.err());
    }

    @Test
    void usageErrorsAreOneLineWithAPointerToHelp() {
        CliRun run = CliRun.of("plugins", "--bogus");

        assertEquals(1, run.exitCode());
        assertEquals("berth: unknown option: '--bogus' (see 'berth plugins --help')\n", run.err());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();

        assertEquals(1, run.exitCode());
        assertFalse(run.err().isBlank());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
