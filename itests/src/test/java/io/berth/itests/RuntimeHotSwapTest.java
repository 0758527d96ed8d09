package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import io.berth.cli.UnixChannels;
import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.launcher.Berthd;
import io.berth.launcher.Options;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/**
 * The task runtime's bundle is stopped and started again while a container runs: the container keeps running
 * through it, and the restarted runtime finds its shim and task again.
 */
class RuntimeHotSwapTest {
    @TempDir
    Path dir;

    @Test
    void aRunningTaskOutlivesItsRuntimeBundleBeingStoppedAndIsFoundWhenItStartsAgain() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd-shim-runc-v2")),
                "containerd-shim-runc-v2 is not installed (Debian package containerd); .ci/run installs it");
        Files.writeString(dir.resolve("config.toml"), "");
        Berthd berthd = Berthd.start(Options.builder(Distribution.home()).config(dir.resolve("config.toml"))
                .root(dir.resolve("root")).state(dir.resolve("state")).address(dir.resolve("berth.sock")).build());
        ManagedChannel channel = UnixChannels.open(dir.resolve("berth.sock"));
        Ctr ctr = new Ctr(dir.resolve("berth.sock"));
        try (TestRegistry registry = TestRegistry.start()) {
            awaitServing(channel);
            String image = TestImages.pushSmall(registry, "berth/swap", "v1").reference();
            ctr.run("images", "pull", "--plain-http", image).expectSuccess();
            ctr.run("run", "-d", image, "t1", "sleep", "1000").expectSuccess();
            String row = ctr.run("task", "ls").expectSuccess().out().lines().skip(1).findFirst().orElseThrow();
            long pid = Long.parseLong(row.strip().split("\\s+")[1]);
            Bundle runtime = Arrays.stream(berthd.framework().getBundleContext().getBundles())
                    .filter(b -> b.getSymbolicName().equals("io.berth.runtime.shim")).findFirst().orElseThrow();

            runtime.stop();

            Command.Result withoutRuntime = ctr.run("task", "ls");
            assertNotEquals(0, withoutRuntime.exit(), "no tasks service without a task runtime");
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the container runs on");

            runtime.start();

            List<String> after = ctr.run("task", "ls").expectSuccess().out().lines().skip(1).map(String::strip)
                    .toList();
            assertEquals(List.of(row.strip()), after);
            ctr.run("task", "kill", "-s", "SIGKILL", "t1").expectSuccess();
            ctr.run("task", "rm", "-f", "t1");
            ctr.run("container", "rm", "t1").expectSuccess();
            assertEquals("", ctr.run("task", "ls", "-q").expectSuccess().out());
        } finally {
            ctr.run("task", "rm", "-f", "t1");
            ctr.run("container", "rm", "t1");
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            berthd.stop();
        }
    }

    private static void awaitServing(ManagedChannel channel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                VersionGrpc.newBlockingStub(channel).version(com.google.protobuf.Empty.getDefaultInstance());
                return;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }
}
