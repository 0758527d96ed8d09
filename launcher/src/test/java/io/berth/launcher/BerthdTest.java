package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/** Felix for real, on a home with a bundle folder of tiny bundles. */
class BerthdTest {
    @TempDir
    Path dir;

    @Test
    void deploysTheBundleFolderAndKeepsItInSyncAcrossRestarts() throws Exception {
        Path bundles = dir.resolve("home/bundle");
        Path tiny = TestJars.bundle(bundles.resolve("tiny.jar"), "test.tiny", "1.0.0");
        TestJars.bundle(bundles.resolve("tiny-fragment.jar"), "test.tiny.fragment", "1.0.0", "Fragment-Host", "test.tiny");

        long tinyId;
        try (Berthd daemon = Berthd.start(options().build())) {
            Bundle bundle = bundle(daemon.framework(), tiny);
            assertNotNull(bundle, "installed from the folder");
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals(Bundle.RESOLVED, bundle(daemon.framework(), bundles.resolve("tiny-fragment.jar")).getState(),
                    "a fragment is resolved, never started");
            assertEquals(new Version(1, 0, 0), bundle.getVersion());
            tinyId = bundle.getBundleId();
        }

        // Replaced by a jar of the same size with an older time, as a package manager may leave it.
        TestJars.bundle(tiny, "test.tiny", "2.0.0");
        Files.setLastModifiedTime(tiny, FileTime.fromMillis(1_000_000));
        try (Berthd daemon = Berthd.start(options().build())) {
            Bundle bundle = bundle(daemon.framework(), tiny);
            assertEquals(tinyId, bundle.getBundleId(), "updated in place, not reinstalled");
            assertEquals(new Version(2, 0, 0), bundle.getVersion());
            assertEquals(Bundle.ACTIVE, bundle.getState());
        }

        Files.delete(tiny);
        Berthd daemon = Berthd.start(options().build());
        Framework framework = daemon.framework();
        assertNull(bundle(framework, tiny), "uninstalled with its jar gone");
        assertEquals(Bundle.ACTIVE, framework.getState());
        daemon.stop();
        assertEquals(Bundle.RESOLVED, framework.getState(), "stop() ends the framework");
    }

    @Test
    void configurationAndLoggingStartBeforeEveryPluginAndTheServerAfter() throws Exception {
        Path bundles = dir.resolve("home/bundle");
        Path config = TestJars.bundle(bundles.resolve("config.jar"), "io.berth.config", "1.0.0");
        Path plugin = TestJars.bundle(bundles.resolve("plugin.jar"), "test.plugin", "1.0.0");
        Path server = TestJars.bundle(bundles.resolve("grpc.jar"), "io.berth.grpc", "1.0.0");
        try (Berthd daemon = Berthd.start(options().build())) {
            assertEquals(StartLevels.FOUNDATION,
                    bundle(daemon.framework(), config).adapt(BundleStartLevel.class).getStartLevel());
            assertEquals(StartLevels.PLUGINS,
                    bundle(daemon.framework(), plugin).adapt(BundleStartLevel.class).getStartLevel());
            assertEquals(StartLevels.SERVING,
                    bundle(daemon.framework(), server).adapt(BundleStartLevel.class).getStartLevel());
            assertEquals(StartLevels.SERVING, daemon.framework().adapt(FrameworkStartLevel.class).getStartLevel());
            assertEquals(Bundle.ACTIVE, bundle(daemon.framework(), plugin).getState());
            assertEquals(Bundle.ACTIVE, bundle(daemon.framework(), server).getState());
        }
    }

    @Test
    void theConsoleFolderIsDeployedOnlyWithConsole() throws Exception {
        Path shell = TestJars.bundle(dir.resolve("home/bundle/console/shell.jar"), "test.shell", "1.0.0");
        try (Berthd daemon = Berthd.start(options().console(true).build())) {
            assertEquals(Bundle.ACTIVE, bundle(daemon.framework(), shell).getState());
        }
        try (Berthd daemon = Berthd.start(options().build())) {
            assertNull(bundle(daemon.framework(), shell));
        }
    }

    @Test
    void aSecondDaemonOnTheSameRootIsRefused() throws Exception {
        try (Berthd first = Berthd.start(options().build())) {
            LauncherException refused = assertThrows(LauncherException.class, () -> Berthd.start(options().build()));
            assertEquals("another berthd (pid " + ProcessHandle.current().pid() + ") is using root " + dir.resolve("root"),
                    refused.getMessage());
            assertEquals(Bundle.ACTIVE, first.framework().getState());
        }
    }

    @Test
    void aServedSocketIsRefusedAndTheRootIsLeftFree() throws Exception {
        Path socket = dir.resolve("b.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            LauncherException refused = assertThrows(LauncherException.class, () -> Berthd.start(options().build()));
            assertEquals("another daemon is serving " + socket, refused.getMessage());
        }
        try (Berthd daemon = Berthd.start(options().build())) {
            assertEquals(Bundle.ACTIVE, daemon.framework().getState(), "a stale socket does not stop the start");
        }
    }

    @Test
    void rootAndStateComeFromTheConfigFileWhenNotGiven() throws Exception {
        Path config = Files.writeString(dir.resolve("config.toml"),
                "version = 3\nroot = \"" + dir.resolve("from-file") + "\"\n");
        try (Berthd daemon = Berthd.start(Options.builder(dir.resolve("home")).config(config)
                .address(dir.resolve("b.sock")).build())) {
            assertTrue(Files.isDirectory(dir.resolve("from-file/felix-cache")));
            assertEquals(config.toString(), daemon.framework().getBundleContext().getProperty("berth.config"));
            assertNull(daemon.framework().getBundleContext().getProperty("berth.root"), "not a flag");
        }
    }

    @Test
    void aMissingConfigFileIsRefused() {
        Path missing = dir.resolve("missing.toml");
        LauncherException refused = assertThrows(LauncherException.class,
                () -> Berthd.start(options().config(missing).build()));
        assertEquals("config file " + missing + " does not exist", refused.getMessage());
    }

    private Options.Builder options() {
        return Options.builder(dir.resolve("home")).root(dir.resolve("root")).state(dir.resolve("state"))
                .address(dir.resolve("b.sock")).logLevel(LogLevel.WARN);
    }

    private static Bundle bundle(Framework framework, Path jar) throws IOException {
        return framework.getBundleContext().getBundle(BundleFolder.location(jar));
    }
}
