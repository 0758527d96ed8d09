package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.protobuf.Empty;

import io.berth.itests.support.Command;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;

/** Starting, refusing to start, and stopping berthd. */
class DaemonLifecycleTest {
    /** One event per line: time, level, source, message. */
    private static final Pattern LOG_LINE =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\[[^\\]]+\\] .+");

    @TempDir
    Path dir;

    @Test
    void sigtermStopsCleanlyAndRemovesTheSocket() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(daemon.socket())));
            assertEquals(0, daemon.terminate(), daemon.log());
            assertFalse(Files.exists(daemon.socket()), "socket removed");
            daemon.log().lines().forEach(line ->
                    assertTrue(LOG_LINE.matcher(line).matches(), "not one readable line: " + line));
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void theJitCompilesAtTheLowestCpuPriorityAndTheDaemonServesAtTheNormalOne() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Map<String, Integer> niceByThread = new TreeMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(daemon.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // The fields after the name, from the state (3rd) on: the nice value is the 19th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    niceByThread.merge(name, Integer.parseInt(fields[16]), Math::max);
                }
            }
            assertEquals(19, niceByThread.get("C2 CompilerThre"), niceByThread.toString());
            assertEquals(19, niceByThread.get("C1 CompilerThre"), niceByThread.toString());
            niceByThread.forEach((thread, nice) -> {
                if (!thread.endsWith("CompilerThre") && !thread.equals("Training replay")) {
                    assertEquals(0, nice, thread + " runs at the normal priority: " + niceByThread);
                }
            });
        }
    }

    @Test
    void theJdksMethodTimingMeasuresTheDaemonsOwnClasses() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path recording = dir.resolve("timing.jfr");
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Command.run(jcmd, daemon.pid(), "JFR.start", "name=timing",
                    "method-timing=io.berth.services.version.VersionService::version").expectSuccess();
            VersionGrpc.VersionBlockingStub version = VersionGrpc.newBlockingStub(daemon.channel());
            for (int call = 0; call < 3; call++) {
                version.version(Empty.getDefaultInstance());
            }
            Command.run(jcmd, daemon.pid(), "JFR.dump", "name=timing", "filename=" + recording).expectSuccess();
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
        }
        List<RecordedEvent> timings = RecordingFile.readAllEvents(recording).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.MethodTiming")).toList();
        assertEquals(1, timings.size(), timings.toString());
        assertEquals(3, timings.getFirst().getLong("invocations"), timings.toString());
    }

    @Test
    void aSecondDaemonOnTheSameRootRefusesToStart() throws Exception {
        try (DaemonProcess first = DaemonProcess.start(dir.resolve("first"), "")) {
            try (DaemonProcess second = DaemonProcess.launch(dir.resolve("second"), "",
                    "--root", first.root().toString())) {
                assertEquals(1, second.awaitExit());
                assertTrue(second.log().contains("another berthd (pid " + first.pid() + ")"), second.log());
            }
            assertTrue(first.isAlive());
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketRefusesToStart() throws Exception {
        try (DaemonProcess first = DaemonProcess.start(dir.resolve("first"), "")) {
            try (DaemonProcess second = DaemonProcess.launch(dir.resolve("second"), "",
                    "-a", first.socket().toString())) {
                assertEquals(1, second.awaitExit());
                assertTrue(second.log().contains("another daemon is serving " + first.socket()), second.log());
            }
            assertTrue(Files.exists(first.socket()), "the first daemon keeps its socket");
        }
    }

    @Test
    void aStaleSocketFromADeadDaemonIsReplaced() throws Exception {
        Path home = dir.resolve("berthd");
        Files.createDirectories(home);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(home.resolve("berth.sock")));
        }
        try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
            assertTrue(daemon.isAlive());
        }
    }

    @Test
    void aRestartKeepsTheServerUuidAndInstallsNoBundleAgain() throws Exception {
        Path home = dir.resolve("berthd");
        String uuid;
        try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
            uuid = Files.readString(daemon.root().resolve("io.containerd.grpc.v1.introspection/uuid"));
            assertTrue(daemon.log().contains("installed"), daemon.log());
            assertEquals(0, daemon.terminate());
        }
        try (DaemonProcess again = DaemonProcess.start(home, "")) {
            assertEquals(uuid, Files.readString(again.root().resolve("io.containerd.grpc.v1.introspection/uuid")));
            assertFalse(again.log().contains("installed"), "the framework cache persists:\n" + again.log());
        }
    }

    @Test
    void theDistributionRunsUnchangedWhenCopiedElsewhere() throws Exception {
        Path copy = dir.resolve("elsewhere/berth");
        Files.createDirectories(copy.getParent());
        Command.run("cp", "-a", Distribution.home(), copy).expectSuccess();
        Path home = dir.resolve("berthd");
        Files.createDirectories(home);
        Files.writeString(home.resolve("config.toml"), "");
        Process process = new ProcessBuilder(copy.resolve("bin/berthd").toString(), "-c", home.resolve("config.toml").toString(),
                "--root", home.resolve("root").toString(), "--state", home.resolve("state").toString(),
                "-a", home.resolve("berth.sock").toString())
                .redirectError(home.resolve("berthd.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Command.run(copy.resolve("bin/berth"), "--address", home.resolve("berth.sock"), "version")
                    .out().contains("Server:")) {
                assertTrue(process.isAlive() && System.nanoTime() < deadline, Files.readString(home.resolve("berthd.log")));
                Thread.sleep(100);
            }
            process.destroy();
            assertEquals(0, process.waitFor());
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void configDefaultPrintsEverySectionAsToml() throws Exception {
        String toml = Command.run(Distribution.berthd(), "config", "default").expectSuccess().out();
        Map<?, ?> config = new TomlMapper().readValue(toml, Map.class);
        assertEquals("/var/lib/berth", config.get("root"), toml);
        assertEquals("/run/berth", config.get("state"), toml);
        assertEquals("/run/berth/berth.sock", ((Map<?, ?>) config.get("grpc")).get("address"), toml);
        assertEquals("info", ((Map<?, ?>) config.get("debug")).get("level"), toml);
    }

    @Test
    void theDistributionShipsTheDefaultConfiguration() throws Exception {
        String printed = Command.run(Distribution.berthd(), "config", "default").expectSuccess().out();
        assertEquals(printed, Files.readString(Distribution.home().resolve("etc/config.toml")));
    }

    @Test
    void anUnknownFlagIsRefusedWithUsage() throws Exception {
        Command.Result result = Command.run(Distribution.berthd(), "--no-such-flag");
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("--no-such-flag"), result.err());
    }

    @Test
    void aMissingConfigFileNamedByFlagIsAnError() throws Exception {
        Command.Result result = Command.run(Distribution.berthd(), "-c", dir.resolve("missing.toml"),
                "--root", dir.resolve("root"), "--state", dir.resolve("state"), "-a", dir.resolve("s.sock"));
        assertEquals(1, result.exit());
        assertTrue(result.err().contains("missing.toml"), result.err());
    }
}
