package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import com.google.protobuf.Empty;

import io.berth.cli.UnixChannels;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.TestBundles;
import io.berth.launcher.Berthd;
import io.berth.launcher.Options;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.Plugin;
import io.berth.proto.containerd.services.introspection.v1.PluginsRequest;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The assembled framework, started in this JVM through the launcher: bundles are stopped,
 * started and added while the gRPC server and its connections stay up.
 */
class PluginHotSwapTest {
    @TempDir
    Path dir;

    private Berthd berthd;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("config.toml"), "");
        berthd = Berthd.start(Options.builder(Distribution.home())
                .config(dir.resolve("config.toml"))
                .root(dir.resolve("root"))
                .state(dir.resolve("state"))
                .address(dir.resolve("berth.sock"))
                .build());
        channel = UnixChannels.open(dir.resolve("berth.sock"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                version();
                return;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (berthd != null) {
            berthd.stop();
        }
    }

    private String version() {
        return VersionGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .version(Empty.getDefaultInstance()).getVersion();
    }

    private java.util.List<Plugin> plugins() {
        return IntrospectionGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .plugins(PluginsRequest.getDefaultInstance()).getPluginsList();
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(berthd.framework().getBundleContext().getBundles())
                .filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private Object socketInode() throws java.io.IOException {
        return Files.readAttributes(dir.resolve("berth.sock"), BasicFileAttributes.class).fileKey();
    }

    @Test
    void stoppingTheIntrospectionBundleRemovesOnlyItsServiceAndTheServerNeverRestarts() throws Exception {
        assertFalse(plugins().isEmpty());
        Object inode = socketInode();
        AtomicBoolean connectionChanged = new AtomicBoolean();
        assertEquals(ConnectivityState.READY, channel.getState(false));
        channel.notifyWhenStateChanged(ConnectivityState.READY, () -> connectionChanged.set(true));

        Bundle introspection = bundle("io.berth.introspection");
        introspection.stop();
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, this::plugins);
        assertEquals(Status.Code.UNIMPLEMENTED, gone.getStatus().getCode());
        assertTrue(version().startsWith("0.1.0"), "Version still answers on the same connection");

        introspection.start();
        assertTrue(plugins().stream().anyMatch(p -> p.getId().equals("introspection")));

        assertFalse(connectionChanged.get(), "the connection was never dropped");
        assertEquals(ConnectivityState.READY, channel.getState(false));
        assertEquals(inode, socketInode(), "the socket was never re-created");
    }

    @Test
    void aPluginThatFailsToStartIsListedWithItsError() throws Exception {
        String component = """
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%s" immediate="true">
                  <implementation class="%s"/>
                  <property name="berth.plugin.type" value="io.containerd.internal.v1"/>
                  <property name="berth.plugin.id" value="%s"/>
                  %s
                </scr:component>
                """;
        Path jar = TestBundles.write(dir.resolve("broken.jar"), "test.broken",
                Map.of("Service-Component", "OSGI-INF/missing.xml,OSGI-INF/waiting.xml"),
                Map.of("OSGI-INF/missing.xml", component.formatted("missing", "test.broken.NoSuchClass", "missing", ""),
                        "OSGI-INF/waiting.xml", component.formatted("waiting", "test.broken.Waiting", "waiting",
                                "<reference name=\"store\" interface=\"test.broken.Store\"/>")));
        Bundle broken = berthd.framework().getBundleContext().installBundle(jar.toUri().toString());
        broken.start();

        Plugin missing = awaitPlugin("missing");
        assertTrue(missing.hasInitErr());
        assertTrue(missing.getInitErr().getMessage().contains("test.broken.NoSuchClass"), missing.getInitErr().getMessage());
        Plugin waiting = awaitPlugin("waiting");
        assertTrue(waiting.getInitErr().getMessage().contains("requires test.broken.Store"), waiting.getInitErr().getMessage());

        broken.uninstall();
        assertTrue(plugins().stream().noneMatch(p -> p.getId().equals("missing")));
    }

    private Plugin awaitPlugin(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var found = plugins().stream().filter(p -> p.getId().equals(id) && p.hasInitErr()).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found.orElseThrow(() -> new AssertionError("plugin " + id + " not listed with an error: " + plugins()));
            }
            Thread.sleep(50);
        }
    }
}
