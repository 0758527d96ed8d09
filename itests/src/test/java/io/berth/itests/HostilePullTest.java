package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static io.berth.itests.support.TarLayers.device;
import static io.berth.itests.support.TarLayers.file;
import static io.berth.itests.support.TarLayers.hardLink;
import static io.berth.itests.support.TarLayers.symlink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.RawImages;
import io.berth.itests.support.TarLayers;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * Hostile layers served by the real registry and pulled with {@code berth pull} into the native snapshotter,
 * one kind each. As containerd's applier does, names are resolved inside the snapshot: a {@code ..} path, a
 * symlink to a host directory written through, and a symlink over a host file replaced by a file all land in
 * the snapshot, and device nodes are made there, so those pulls succeed. A hard link to a host file, a gzip
 * bomb and a layer whose bytes do not match its digest are refused with a clear status, leaving no lease, image
 * or ingest. Every test compares a sandbox directory the layer aims at, and files in /etc, before and after.
 */
class HostilePullTest {
    private static final String REPOSITORY = "berth/hostile";
    private static final String NATIVE_SNAPSHOTS = "io.containerd.snapshotter.v1.native/snapshots";
    /** More than the depth of any snapshot directory here: unresolved, these climb to the host's root. */
    private static final String CLIMB = "../".repeat(24);
    private static final List<Path> ETC = Stream.of("passwd", "shadow", "group", "hosts")
            .map(name -> Path.of("/etc", name)).filter(Files::isRegularFile).toList();
    private static final int KIB = 1024;

    @TempDir
    Path dir;
    private Path sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.writeString(sandbox.resolve("victim"), "original\n");
    }

    @Test
    void pathTraversalIsResolvedInsideTheSnapshot() throws Exception {
        String relative = relative(sandbox.resolve("escaped"));
        byte[] layer = TarLayers.gzipped(tar -> file(tar, CLIMB + relative, "kept inside"));

        Path snapshot = pullContained(layer);

        assertEquals("kept inside", Files.readString(snapshot.resolve(relative)));
    }

    @Test
    void absoluteSymlinkToAHostDirectoryIsWrittenThroughInsideTheSnapshot() throws Exception {
        byte[] layer = TarLayers.gzipped(tar -> {
            symlink(tar, "escape", sandbox.toString());
            file(tar, "escape/through-link", "kept inside");
        });

        Path snapshot = pullContained(layer);

        assertEquals(sandbox, Files.readSymbolicLink(snapshot.resolve("escape")), "the link itself is kept");
        assertEquals("kept inside", Files.readString(snapshot.resolve(relative(sandbox)).resolve("through-link")));
    }

    @Test
    void fileOverASymlinkToAHostFileReplacesTheLink() throws Exception {
        byte[] layer = TarLayers.gzipped(tar -> {
            symlink(tar, "victim", CLIMB + relative(sandbox.resolve("victim")));
            file(tar, "victim", "overwritten");
        });

        Path snapshot = pullContained(layer);

        Path victim = snapshot.resolve("victim");
        assertFalse(Files.isSymbolicLink(victim), "the link is replaced, not followed");
        assertEquals("overwritten", Files.readString(victim));
    }

    /** containerd makes device nodes when it runs as root outside a user namespace, and so does Berth. */
    @Test
    void deviceNodesAreMadeInsideTheSnapshotOnly() throws Exception {
        assumeDeviceNodesCanBeMade();
        String relative = relative(sandbox.resolve("block"));
        byte[] layer = TarLayers.gzipped(tar -> {
            device(tar, "dev/null", TarArchiveEntry.LF_CHR, 1, 3);
            device(tar, CLIMB + relative, TarArchiveEntry.LF_BLK, 7, 200);
        });

        Path snapshot = pullContained(layer);

        assertDevice(snapshot.resolve("dev/null"), 0020000, 1, 3);
        assertDevice(snapshot.resolve(relative), 0060000, 7, 200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/etc/passwd", "../../../../../../../../../../../../etc/passwd" })
    void hardLinkToAHostFileIsRefused(String target) throws Exception {
        byte[] layer = TarLayers.gzipped(tar -> {
            file(tar, "before", "applied before the link");
            hardLink(tar, "passwd", target);
        });

        String error = pullRefused(layer, "", "InvalidArgument");

        assertTrue(error.contains("hard link \"passwd\"") && error.contains(target), error);
    }

    @Test
    void gzipBombIsStoppedAtTheDiffersLimit() throws Exception {
        int limit = 1024 * KIB;
        String config = """
                [plugins."io.containerd.differ.v1.walking"]
                  max_uncompressed_size = %d
                """.formatted(limit);
        byte[] zeros = new byte[512 * KIB];
        byte[] bomb = TarLayers.gzipped(tar -> {
            for (int i = 0; i < 32; i++) {
                file(tar, "bomb/" + i, zeros);
            }
        });
        assertTrue(bomb.length < limit / 16, "a small download: " + bomb.length);

        String error = pullRefused(bomb, config, "ResourceExhausted");

        assertTrue(error.contains("layer unpacks to more than the maximum of " + limit + " bytes"), error);
        long unpacked = sizeOfFiles(dir.resolve("berthd/root").resolve(NATIVE_SNAPSHOTS));
        assertTrue(unpacked <= limit, "no more than the limit reached the disk: " + unpacked + " bytes");
    }

    @Test
    void layerWhoseBytesDoNotMatchItsDigestIsDataLoss() throws Exception {
        byte[] layer = TarLayers.gzipped(tar -> file(tar, "genuine", "the bytes the manifest names"));
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = RawImages.pushGzipLayer(registry, REPOSITORY, "1", layer);
            String digest = image.layers().getFirst().digest();
            byte[] other = layer.clone();
            other[other.length / 2] ^= 0x5a;
            Files.write(registry.blobFile(digest), other);
            Host before = Host.observe(sandbox);

            String error = berthPull(daemon, image, "DataLoss");

            assertTrue(error.contains(digest) && error.contains(RawImages.sha256(other)), error);
            assertNothingLeft(daemon, before);
        }
    }

    /** Pulls a one-layer image that must apply; returns its snapshot's directory after the host checks. */
    private Path pullContained(byte[] layer) throws Exception {
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = RawImages.pushGzipLayer(registry, REPOSITORY, "1", layer);
            Host before = Host.observe(sandbox);

            Command.Result pull = berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference());

            assertEquals(0, pull.exit(), pull.err());
            assertEquals(before, Host.observe(sandbox), "the host is untouched");
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals(List.of(image.reference()), ctr.run("images", "ls", "-q").expectSuccess().out().lines().toList());
            assertEquals("", ctr.run("leases", "ls", "-q").expectSuccess().out().strip(), "the pull's lease is gone");
            List<Path> snapshots;
            try (Stream<Path> children = Files.list(daemon.root().resolve(NATIVE_SNAPSHOTS))) {
                snapshots = children.toList();
            }
            assertEquals(1, snapshots.size(), snapshots.toString());
            return snapshots.getFirst();
        }
    }

    /** Pulls a one-layer image that must be refused with {@code code}; returns the error berth printed. */
    private String pullRefused(byte[] layer, String daemonConfig, String code) throws Exception {
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), daemonConfig)) {
            PushedImage image = RawImages.pushGzipLayer(registry, REPOSITORY, "1", layer);
            Host before = Host.observe(sandbox);

            String error = berthPull(daemon, image, code);

            assertNothingLeft(daemon, before);
            return error;
        }
    }

    private static String berthPull(DaemonProcess daemon, PushedImage image, String code) throws Exception {
        Command.Result pull = berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference());
        assertEquals(1, pull.exit(), pull.out());
        assertTrue(pull.err().startsWith("berth: pull " + image.reference() + ": " + code + ": "), pull.err());
        return pull.err();
    }

    private void assertNothingLeft(DaemonProcess daemon, Host before) throws Exception {
        assertEquals(before, Host.observe(sandbox), "the host is untouched");
        Ctr ctr = new Ctr(daemon.socket());
        assertEquals("", ctr.run("leases", "ls", "-q").expectSuccess().out().strip(), "the pull's lease is gone");
        assertEquals("", ctr.run("images", "ls", "-q").expectSuccess().out().strip(), "no image record");
        List<String> ingests = ctr.run("content", "active").expectSuccess().out().lines().skip(1)
                .filter(line -> !line.isBlank()).toList();
        assertEquals(List.of(), ingests, "no ingest is left");
    }

    /**
     * What a layer could harm: the sandbox's tree with every file's bytes and link target, the watched /etc
     * files' bytes, and /etc/passwd's link count (a hard link to it would raise it).
     */
    private record Host(TreeMap<String, String> sandbox, TreeMap<String, String> etc, Object passwdLinks) {
        static Host observe(Path sandbox) throws IOException {
            TreeMap<String, String> tree = new TreeMap<>();
            try (Stream<Path> paths = Files.walk(sandbox)) {
                for (Path path : paths.toList()) {
                    tree.put(sandbox.relativize(path).toString(), describe(path));
                }
            }
            TreeMap<String, String> etc = new TreeMap<>();
            for (Path file : ETC) {
                etc.put(file.toString(), RawImages.sha256(Files.readAllBytes(file)));
            }
            return new Host(tree, etc, Files.getAttribute(Path.of("/etc/passwd"), "unix:nlink"));
        }

        private static String describe(Path path) throws IOException {
            if (Files.isSymbolicLink(path)) {
                return "link to " + Files.readSymbolicLink(path);
            }
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return "file " + RawImages.sha256(Files.readAllBytes(path));
            }
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "directory" : "special";
        }
    }

    private static void assertDevice(Path node, int type, int major, int minor) throws IOException {
        int mode = (Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        assertEquals(Integer.toOctalString(type), Integer.toOctalString(mode & 0170000), node + " type");
        assertEquals(major + ":" + minor, (rdev >> 8 & 0xfff) + ":" + (rdev & 0xff), node + " device numbers");
    }

    private void assumeDeviceNodesCanBeMade() throws IOException, InterruptedException {
        Path probe = dir.resolve("probe-device");
        Command.Result mknod = Command.run("mknod", probe.toString(), "b", "7", "200");
        Assumptions.assumeTrue(mknod.exit() == 0, "this machine does not let root make device nodes: " + mknod.err());
        Files.delete(probe);
    }

    private static long sizeOfFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            long size = 0;
            for (Path path : paths.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
                size += Files.size(path);
            }
            return size;
        }
    }

    /** {@code path} without its leading slash: how a layer names a host path from its own root. */
    private static String relative(Path path) {
        return path.toString().substring(1);
    }
}
