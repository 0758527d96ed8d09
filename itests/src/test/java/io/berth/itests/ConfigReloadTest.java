package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;

import io.berth.itests.support.DaemonProcess;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;

/** Editing config.toml while berthd runs takes effect without a restart. */
class ConfigReloadTest {
    /** The debug line the server writes for every finished call. */
    private static final String VERSION_CALL = "containerd.services.version.v1.Version/Version OK";

    @TempDir
    Path dir;

    private static String debugSection(String level) {
        return "[debug]\n  level = \"" + level + "\"\n";
    }

    /** Replaces the file the way editors do: write a new one, rename it over the old. */
    private static void edit(Path config, String text) throws IOException {
        Path next = config.resolveSibling("config.toml.new");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int countCalls(DaemonProcess daemon) {
        return (int) daemon.log().lines().filter(l -> l.contains(VERSION_CALL)).count();
    }

    private static void callVersion(DaemonProcess daemon) {
        VersionGrpc.newBlockingStub(daemon.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .version(Empty.getDefaultInstance());
    }

    /** Calls Version until the log shows (or stops showing) a debug line for each call. */
    private static void awaitDebugLogging(DaemonProcess daemon, boolean wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            int before = countCalls(daemon);
            callVersion(daemon);
            Thread.sleep(300);
            if ((countCalls(daemon) > before) == wanted) {
                return;
            }
        }
        throw new AssertionError("debug logging never became " + wanted + ":\n" + daemon.log());
    }

    @Test
    void aLogLevelEditAppliesWithoutARestart() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), debugSection("info"))) {
            callVersion(daemon);
            Thread.sleep(300);
            assertEquals(0, countCalls(daemon), "no debug lines at level info");

            edit(daemon.config(), debugSection("debug"));
            awaitDebugLogging(daemon, true);

            edit(daemon.config(), debugSection("info"));
            awaitDebugLogging(daemon, false);
            int quiet = countCalls(daemon);
            for (int i = 0; i < 5; i++) {
                callVersion(daemon);
            }
            Thread.sleep(300);
            assertEquals(quiet, countCalls(daemon), "back at info, calls are not logged");
            assertTrue(daemon.isAlive());
        }
    }

    @Test
    void aBrokenEditKeepsTheLastGoodConfiguration() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), debugSection("debug"))) {
            awaitDebugLogging(daemon, true);
            edit(daemon.config(), "[debug\n  level = ");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!daemon.log().contains("config.toml") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(daemon.log().lines().anyMatch(l -> l.contains("ERROR") && l.contains("config.toml")),
                    daemon.log());
            awaitDebugLogging(daemon, true);
        }
    }

    @Test
    void theLogLevelFlagWinsOverTheFile() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), debugSection("info"), "-l", "debug")) {
            awaitDebugLogging(daemon, true);
        }
    }
}
