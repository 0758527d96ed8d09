package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class ShimCommandTest {
    @TempDir
    Path dir;

    private final ShimCommand command = new ShimCommand(Path.of("/usr/bin/containerd-shim-runc-v2"), "k8s.io",
            "/run/berth/berth.sock", "/run/berth/berth.sock.ttrpc", "/opt/berth/bin/berthd");

    @Test
    void startGetsContainerdsArgumentsAndTheTtrpcAddressInItsEnvironment() {
        assertEquals(List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io", "-address",
                "/run/berth/berth.sock", "-publish-binary", "/opt/berth/bin/berthd", "-id", "t1", "start"),
                command.startArguments("t1"));
        assertEquals(Map.of("TTRPC_ADDRESS", "/run/berth/berth.sock.ttrpc"), command.environment());
    }

    @Test
    void deleteNamesTheBundle() {
        assertEquals(List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io", "-address",
                "/run/berth/berth.sock", "-publish-binary", "/opt/berth/bin/berthd", "-id", "t1", "-bundle",
                "/run/b/t1", "delete"), command.deleteArguments("t1", Path.of("/run/b/t1")));
    }

    @Test
    void startRunsInTheBundleWithTheOptionsOnStandardInputAndReturnsWhatItPrinted() throws IOException {
        Path shim = script("""
                #!/bin/sh
                cat > options
                printf '%s|%s|%s' "$TTRPC_ADDRESS" "$(pwd)" "$*"
                """);
        ShimCommand fake = new ShimCommand(shim, "ns", "/a.sock", "/a.sock.ttrpc", "/bin/berthd");

        String printed = fake.start("t1", dir, "options-bytes".getBytes(StandardCharsets.UTF_8));

        assertEquals("/a.sock.ttrpc|" + dir + "|-namespace ns -address /a.sock -publish-binary /bin/berthd -id t1 start",
                printed);
        assertArrayEquals("options-bytes".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("options")));
    }

    @Test
    void aFailingStartIsAFailedPreconditionWithWhatTheShimSaid() throws IOException {
        Path shim = script("""
                #!/bin/sh
                echo "no such runtime" >&2
                exit 3
                """);
        ShimCommand fake = new ShimCommand(shim, "ns", "/a.sock", "/a.sock.ttrpc", "/bin/berthd");

        BerthException e = assertThrows(BerthException.class, () -> fake.start("t1", dir, new byte[0]));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("exit status 3") && e.getMessage().contains("no such runtime"),
                e.getMessage());
    }

    @Test
    void whatAStartPrintsOnStandardErrorIsPartOfItsAnswerAsContainerdReadsIt() throws IOException {
        Path shim = script("""
                #!/bin/sh
                echo "a warning" >&2
                echo "unix:///run/s.sock"
                """);
        ShimCommand fake = new ShimCommand(shim, "ns", "/a.sock", "/a.sock.ttrpc", "/bin/berthd");

        assertEquals("a warning\nunix:///run/s.sock\n", fake.start("t1", dir, new byte[0]));
    }

    @Test
    void anInterruptedStartKillsTheShim() throws Exception {
        Path shim = script("""
                #!/bin/sh
                echo $$ > pid.tmp && mv pid.tmp pid
                exec sleep 1000
                """);
        ShimCommand fake = new ShimCommand(shim, "ns", "/a.sock", "/a.sock.ttrpc", "/bin/berthd");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                fake.start("t1", dir, new byte[0]);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        Path pidFile = dir.resolve("pid");
        while (!Files.exists(pidFile)) {
            Thread.sleep(10);
        }
        ProcessHandle started = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();

        caller.interrupt();

        assertInstanceOf(IOException.class, failure.join());
        started.onExit().join();
        // The JDK reports an exited child as alive until it is reaped, which happens a moment later.
        assertTrue(runsNoLonger(started.pid()), "the shim still runs");
    }

    /** True when the process is gone or a zombie: it exited and only its reaping may be pending. */
    private static boolean runsNoLonger(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private Path script(String text) throws IOException {
        Path shim = dir.resolve("shim");
        Files.writeString(shim, text);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return shim;
    }
}
