package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.ContentClient;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.proto.containerd.services.diff.v1.ApplyRequest;
import io.berth.proto.containerd.services.diff.v1.DiffGrpc;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.grpc.stub.AbstractBlockingStub;

/**
 * Debian's ctr computes layers from berthd's snapshots as it does from containerd's: {@code ctr snapshots diff}
 * writes the layer between a snapshot and its parent into content, and applying that layer to a fresh child of
 * the parent gives the same tree.
 */
class CtrSnapshotDiffTest {
    private static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path dir;
    private final List<Path> mounted = new ArrayList<>();

    @Test
    void overlayfsDiffMarksTheRecreatedDirectoryOpaque() throws Exception {
        diffAndApplyBack("overlayfs", List.of(
                "cache/", "cache/.wh..wh..opq", "cache/new", "cache/same",
                "etc/.wh.gone", "etc/", "etc/hostname", "etc/hostname-link -> etc/hostname",
                "opt/", "opt/new"));
    }

    @Test
    void nativeDiffWhitesOutWhatTheRecreatedDirectoryLost() throws Exception {
        diffAndApplyBack("native", List.of(
                "cache/", "cache/new", "cache/.wh.old", "cache/same",
                "etc/.wh.gone", "etc/", "etc/hostname", "etc/hostname-link -> etc/hostname",
                "opt/", "opt/new"));
    }

    private void diffAndApplyBack(String snapshotter, List<String> expectedEntries) throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("snapshots", "--snapshotter", snapshotter, "prepare", "base-active").expectSuccess();
            Path base = mount(ctr, snapshotter, "base-active");
            write(base.resolve("etc/hostname"), "parent\n");
            write(base.resolve("etc/gone"), "bye\n");
            write(base.resolve("cache/old"), "old\n");
            write(base.resolve("cache/same"), "same\n");
            unmount(base);
            ctr.run("snapshots", "--snapshotter", snapshotter, "commit", "base", "base-active").expectSuccess();

            ctr.run("snapshots", "--snapshotter", snapshotter, "prepare", "child", "base").expectSuccess();
            Path child = mount(ctr, snapshotter, "child");
            write(child.resolve("etc/hostname"), "child\n");
            Files.createLink(child.resolve("etc/hostname-link"), child.resolve("etc/hostname"));
            Files.delete(child.resolve("etc/gone"));
            Command.run("rm", "-rf", child.resolve("cache").toString()).expectSuccess();
            write(child.resolve("cache/same"), "same\n");
            write(child.resolve("cache/new"), "new\n");
            write(child.resolve("opt/new"), "new\n");
            Map<String, String> childTree = describe(child);
            unmount(child);

            Path kept = dir.resolve("kept.tar.gz");
            ctrToFile(daemon, kept, "snapshots", "--snapshotter", snapshotter, "diff", "--keep", "--label", "team=a",
                    "child");
            Path leased = dir.resolve("leased.tar.gz");
            ctrToFile(daemon, leased, "snapshots", "--snapshotter", snapshotter, "diff", "child");
            byte[] layer = Files.readAllBytes(kept);
            String digest = ContentClient.sha256(layer);
            byte[] tar;
            try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(layer))) {
                tar = gzip.readAllBytes();
            }

            assertEquals(expectedEntries, entries(tar));
            assertEquals(digest, ContentClient.sha256(Files.readAllBytes(leased)),
                    "the same snapshots give the same layer, byte for byte");
            String content = ctr.run("content", "ls").expectSuccess().out();
            String row = content.lines().filter(line -> line.startsWith(digest)).findFirst()
                    .orElseThrow(() -> new AssertionError(digest + " is not in content:\n" + content));
            assertTrue(row.contains("containerd.io/uncompressed=" + ContentClient.sha256(tar)), row);
            assertTrue(row.contains("team=a"), row);
            assertEquals(List.of("ID CREATED AT LABELS"), ctr.run("leases", "ls").expectSuccess().out().lines()
                    .map(line -> line.trim().replaceAll("\\s+", " ")).toList(), "ctr's own lease is gone");

            ctr.run("snapshots", "--snapshotter", snapshotter, "prepare", "fresh", "base").expectSuccess();
            Descriptor applied = namespaced(DiffGrpc.newBlockingStub(daemon.channel())).apply(ApplyRequest
                    .newBuilder()
                    .setDiff(Descriptor.newBuilder().setMediaType(TAR_GZIP).setDigest(digest).setSize(layer.length))
                    .addAllMounts(namespaced(SnapshotsGrpc.newBlockingStub(daemon.channel())).mounts(MountsRequest
                            .newBuilder().setSnapshotter(snapshotter).setKey("fresh").build()).getMountsList())
                    .build()).getApplied();
            assertEquals(ContentClient.sha256(tar), applied.getDigest());
            Path fresh = mount(ctr, snapshotter, "fresh");
            assertEquals(childTree, describe(fresh));
            unmount(fresh);
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
            assertEquals(0, daemon.terminate());
        } finally {
            for (Path target : mounted) {
                Command.run("umount", target.toString());
            }
        }
    }

    /** Runs ctr with its standard output, a binary layer, in {@code out}. */
    private static void ctrToFile(DaemonProcess daemon, Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ctr", "--address", daemon.socket().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Mounts the snapshot with the command {@code ctr snapshots mounts} prints, as a user would run it. */
    private Path mount(Ctr ctr, String snapshotter, String key) throws Exception {
        Path target = Files.createDirectories(dir.resolve("mnt-" + key));
        String command = ctr.run("snapshots", "--snapshotter", snapshotter, "mounts", target.toString(), key)
                .expectSuccess().out().strip();
        Command.run("sh", "-c", command).expectSuccess();
        mounted.add(target);
        return target;
    }

    private void unmount(Path target) throws Exception {
        Command.run("umount", target.toString()).expectSuccess();
        mounted.remove(target);
    }

    private static List<String> entries(byte[] tar) throws IOException {
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(entry.getName() + (entry.isLink() ? " -> " + entry.getLinkName() : ""));
            }
        }
        return entries;
    }

    /** Each path with its type, mode, owner and content, and which names share an inode. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> described = new TreeMap<>();
        Map<Object, String> firstNames = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String name = root.relativize(path).toString();
            Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid,ino,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            String text = String.format("%o %s:%s", (int) stat.get("mode"), stat.get("uid"), stat.get("gid"));
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                text += " '" + Files.readString(path) + "'";
                if ((int) stat.get("nlink") > 1) {
                    text += " same as " + firstNames.computeIfAbsent(stat.get("ino"), inode -> name);
                }
            }
            described.put(name, text);
        }
        return described;
    }

    private static <S extends AbstractBlockingStub<S>> S namespaced(S stub) {
        return Namespaced.stub(stub, "default");
    }
}
