package io.berth.snapshots.overlayfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;
import io.berth.linux.Posix;

/** The snapshotter's mounts, mounted for real: layers stack, whiteouts hide, views do not write. */
class OverlaySnapshotterTest extends OverlayFixture {
    private static final int S_IFMT = 0170000;

    @Test
    void anActiveSnapshotWithoutParentIsAWritableBindOfItsOwnDirectory() throws IOException {
        List<Mount> mounts = snapshotter.prepare("base", "", Map.of());

        assertEquals(List.of(new Mount("bind", root().resolve("snapshots/1/fs").toString(), List.of("rw", "rbind"))),
                mounts);
        try (Mounted mounted = mount(mounts)) {
            Files.writeString(mounted.root().resolve("hello"), "world");
        }
        assertEquals("world", Files.readString(Path.of(mounts.getFirst().source(), "hello")));
        assertEquals(mounts, snapshotter.mounts("base"));
    }

    @Test
    void aChildSeesItsParentAndWritesOnlyToItsOwnUpperDirectory() throws IOException {
        layer("one", "", root -> Files.writeString(root.resolve("below"), "one"));
        List<Mount> mounts = snapshotter.prepare("child", "one", Map.of());

        assertEquals("overlay", mounts.getFirst().type());
        String upper = option(mounts, "upperdir");
        String lower = option(mounts, "lowerdir");
        assertEquals(root().resolve("snapshots/1/fs").toString(), lower, "the committed layer keeps its directory");
        assertTrue(Files.isDirectory(Path.of(option(mounts, "workdir"))));
        assertTrue(mounts.getFirst().options().contains("index=off"), mounts.toString());
        assertFalse(mounts.getFirst().options().contains("userxattr"), mounts.toString());
        try (Mounted mounted = mount(mounts)) {
            assertEquals("one", Files.readString(mounted.root().resolve("below")));
            Files.writeString(mounted.root().resolve("above"), "child");
            Files.writeString(mounted.root().resolve("below"), "changed");
        }
        assertEquals("child", Files.readString(Path.of(upper, "above")));
        assertEquals("changed", Files.readString(Path.of(upper, "below")));
        assertEquals("one", Files.readString(Path.of(lower, "below")));
        assertFalse(Files.exists(Path.of(lower, "above")));
    }

    @Test
    void deletingALowerFileLeavesTheCharacterDeviceZeroZeroWhiteoutThatHidesIt() throws IOException {
        layer("one", "", root -> {
            Files.writeString(root.resolve("gone"), "soon deleted");
            Files.writeString(root.resolve("kept"), "kept");
        });
        List<Mount> mounts = snapshotter.prepare("two-active", "one", Map.of());
        try (Mounted mounted = mount(mounts)) {
            Files.delete(mounted.root().resolve("gone"));
        }
        Path whiteout = Path.of(option(mounts, "upperdir"), "gone");
        assertEquals(Posix.S_IFCHR, (int) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT);
        assertEquals(0L, Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        snapshotter.commit("two", "two-active", Map.of());

        try (Mounted view = mount(snapshotter.view("look", "two", Map.of()))) {
            assertEquals(Set.of("kept"), names(view.root()));
        }
        assertEquals("soon deleted", Files.readString(root().resolve("snapshots/1/fs/gone")), "lower layer untouched");
    }

    @Test
    void aDirectoryRemovedAndMadeAgainIsOpaqueAndHidesWhatLowerLayersHeldInIt() throws IOException {
        layer("one", "", root -> {
            Files.createDirectories(root.resolve("dir"));
            Files.writeString(root.resolve("dir/old"), "old");
        });
        List<Mount> mounts = snapshotter.prepare("two-active", "one", Map.of());
        try (Mounted mounted = mount(mounts)) {
            Files.delete(mounted.root().resolve("dir/old"));
            Files.delete(mounted.root().resolve("dir"));
            Files.createDirectory(mounted.root().resolve("dir"));
            Files.writeString(mounted.root().resolve("dir/new"), "new");
        }
        assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII),
                Posix.lgetxattr(Path.of(option(mounts, "upperdir"), "dir"), "trusted.overlay.opaque"));
        snapshotter.commit("two", "two-active", Map.of());

        try (Mounted view = mount(snapshotter.view("look", "two", Map.of()))) {
            assertEquals(Set.of("new"), names(view.root().resolve("dir")));
        }
    }

    @Test
    void whiteoutsWrittenIntoAnUpperDirectoryAsALayerApplierDoesHideLowerEntries() throws IOException {
        layer("one", "", root -> {
            Files.writeString(root.resolve("file"), "lower");
            Files.createDirectories(root.resolve("opaque"));
            Files.writeString(root.resolve("opaque/hidden"), "lower");
        });
        List<Mount> mounts = snapshotter.prepare("two-active", "one", Map.of());
        Path upper = Path.of(option(mounts, "upperdir"));
        Posix.mknod(upper.resolve("file"), Posix.S_IFCHR, 0, 0);
        Files.createDirectory(upper.resolve("opaque"));
        Posix.lsetxattr(upper.resolve("opaque"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(upper.resolve("opaque/shown"), "upper");
        snapshotter.commit("two", "two-active", Map.of());

        try (Mounted view = mount(snapshotter.view("look", "two", Map.of()))) {
            assertEquals(Set.of("opaque"), names(view.root()));
            assertEquals(Set.of("shown"), names(view.root().resolve("opaque")));
        }
    }

    @Test
    void aLayerAppliedWithoutParentAndRebasedOntoOneKeepsItsOverlayWhiteoutsAndMountsWritable() throws IOException {
        layer("one", "", root -> {
            Files.writeString(root.resolve("file"), "lower");
            Files.writeString(root.resolve("kept"), "lower");
            Files.createDirectories(root.resolve("opaque"));
            Files.writeString(root.resolve("opaque/hidden"), "lower");
        });
        List<Mount> mounts = snapshotter.prepare("two-active", "",
                Map.of(Snapshotter.LABEL_REBASE_LATER, "true"));
        assertEquals("overlay", mounts.getFirst().type());
        assertEquals(mounts, snapshotter.mounts("two-active"));
        try (Mounted mounted = mount(mounts)) {
            Files.writeString(mounted.root().resolve("written"), "through the mount");
        }
        Path upper = Path.of(option(mounts, "upperdir"));
        Posix.mknod(upper.resolve("file"), Posix.S_IFCHR, 0, 0);
        Files.createDirectory(upper.resolve("opaque"));
        Posix.lsetxattr(upper.resolve("opaque"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(upper.resolve("opaque/shown"), "upper");
        snapshotter.commit("two", "two-active", Map.of(), "one");

        assertEquals("one", snapshotter.stat("two").parent());
        assertEquals(Map.of(), snapshotter.stat("two").labels(), "the label is for the active snapshot only");
        try (Mounted view = mount(snapshotter.view("look", "two", Map.of()))) {
            assertEquals(Set.of("kept", "opaque", "written"), names(view.root()));
            assertEquals(Set.of("shown"), names(view.root().resolve("opaque")));
        }
        assertEquals(Set.of(), names(root().resolve("empty")), "the shared lower directory stays empty");
    }

    @Test
    void aFiveDeepChainStacksItsLayersNearestFirst() throws IOException {
        String parent = "";
        for (int i = 1; i <= 5; i++) {
            int layer = i;
            layer("layer" + i, parent, root -> {
                Files.writeString(root.resolve("layer" + layer), "here");
                Files.writeString(root.resolve("top"), Integer.toString(layer));
                if (layer == 3) {
                    Files.delete(root.resolve("layer1"));
                }
            });
            parent = "layer" + i;
        }
        List<Mount> active = snapshotter.prepare("work", "layer5", Map.of());
        List<String> lowers = Arrays.asList(option(active, "lowerdir").split(":"));
        assertEquals(5, lowers.size());
        for (int i = 0; i < 5; i++) {
            assertTrue(Files.exists(Path.of(lowers.get(i), "layer" + (5 - i))), "lower " + i + " is layer " + (5 - i));
        }
        assertEquals(Stream.of(5, 4, 3, 2, 1).map(i -> root().resolve("snapshots/" + i + "/fs").toString()).toList(),
                lowers);

        try (Mounted mounted = mount(active)) {
            assertEquals(Set.of("layer2", "layer3", "layer4", "layer5", "top"), names(mounted.root()));
            assertEquals("5", Files.readString(mounted.root().resolve("top")));
            Files.writeString(mounted.root().resolve("mine"), "work");
        }
        try (Mounted view = mount(snapshotter.view("look", "layer5", Map.of()))) {
            assertEquals(Set.of("layer2", "layer3", "layer4", "layer5", "top"), names(view.root()), "a view of the "
                    + "layers, not of an active snapshot on them");
        }
        assertEquals("layer4", snapshotter.stat("layer5").parent());
    }

    @Test
    void viewsAreReadOnlyWhateverTheirDepth() throws IOException {
        layer("one", "", root -> Files.writeString(root.resolve("file"), "one"));
        layer("two", "one", root -> Files.writeString(root.resolve("more"), "two"));

        List<Mount> single = snapshotter.view("single", "one", Map.of());
        assertEquals(List.of(new Mount("bind", root().resolve("snapshots/1/fs").toString(), List.of("ro", "rbind"))),
                single);
        List<Mount> deep = snapshotter.view("deep", "two", Map.of());
        assertEquals("overlay", deep.getFirst().type());
        assertFalse(deep.getFirst().options().stream().anyMatch(o -> o.startsWith("upperdir=")), deep.toString());
        List<Mount> empty = snapshotter.view("empty", "", Map.of());
        assertEquals(List.of("ro", "rbind"), empty.getFirst().options());

        for (List<Mount> mounts : List.of(single, deep, empty)) {
            try (Mounted view = mount(mounts)) {
                IOException refused = assertThrows(IOException.class,
                        () -> Files.writeString(view.root().resolve("new"), "no"));
                assertTrue(refused.getMessage().contains("Read-only"), refused.getMessage());
            }
        }
        assertEquals(Kind.VIEW, snapshotter.stat("deep").kind());
    }

    @Test
    void removeRefusesAParentWhileChildrenStandOnItThenRemovesItsDirectory() throws IOException {
        layer("one", "", root -> Files.writeString(root.resolve("file"), "one"));
        snapshotter.prepare("child", "one", Map.of());

        BerthException refused = assertThrows(BerthException.class, () -> snapshotter.remove("one"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("child"), refused.getMessage());
        assertEquals("one", Files.readString(root().resolve("snapshots/1/fs/file")));

        snapshotter.remove("child");
        snapshotter.remove("one");
        assertEquals(List.of(), entries(root().resolve("snapshots")));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class, () -> snapshotter.stat("one")).kind());
    }

    @Test
    void mistakesGetTheStatusContainerdGives() throws IOException {
        layer("one", "", root -> { });
        snapshotter.prepare("active", "one", Map.of());

        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.mounts("one")));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.mounts("missing")));
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> snapshotter.prepare("active", "", Map.of())));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> snapshotter.prepare("on-active", "active", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.view("on-missing", "missing", Map.of())));
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.commit("again", "one", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.remove("missing")));
    }

    @Test
    void usageCountsOnlyTheSnapshotsOwnDirectory() throws IOException {
        layer("one", "", root -> Files.write(root.resolve("big"), new byte[1 << 20]));
        try (Mounted mounted = mount(snapshotter.prepare("child", "one", Map.of()))) {
            Files.write(mounted.root().resolve("a"), new byte[100]);
            Files.createDirectory(mounted.root().resolve("dir"));
            Files.write(mounted.root().resolve("dir/b"), new byte[50]);
            Files.createLink(mounted.root().resolve("dir/b-again"), mounted.root().resolve("dir/b"));
        }
        Usage child = snapshotter.usage("child");
        assertEquals(4, child.inodes(), "its directory, a, dir and b with its second link");
        assertTrue(child.size() >= 150 && child.size() < 1 << 20, child.toString());
        Usage one = snapshotter.usage("one");
        assertEquals(2, one.inodes());
        assertTrue(one.size() >= 1 << 20, one.toString());
    }

    @Test
    void aNewUpperDirectoryTakesTheOwnerOfItsParentsRoot() throws IOException {
        layer("one", "", root -> Files.setAttribute(root, "unix:uid", 1000));
        List<Mount> mounts = snapshotter.prepare("child", "one", Map.of());
        assertEquals(1000, Files.getAttribute(Path.of(option(mounts, "upperdir")), "unix:uid"));
        try (Mounted mounted = mount(mounts)) {
            assertEquals(1000, Files.getAttribute(mounted.root(), "unix:uid"));
        }
    }

    @Test
    void configuredMountOptionsSuchAsVolatileGoOnOverlayMountsOnly() throws IOException {
        OverlaySnapshotter withVolatile = new OverlaySnapshotter(metadata, root(), List.of("volatile"));
        List<Mount> bind = withVolatile.prepare("one-active", "", Map.of());
        assertEquals(List.of("rw", "rbind"), bind.getFirst().options());
        withVolatile.commit("one", "one-active", Map.of());

        List<Mount> overlay = withVolatile.prepare("child", "one", Map.of());
        assertTrue(overlay.getFirst().options().contains("volatile"), overlay.toString());
        try (Mounted mounted = mount(overlay)) {
            Files.writeString(mounted.root().resolve("file"), "volatile upper");
        }
        assertEquals("volatile upper", Files.readString(Path.of(option(overlay, "upperdir"), "file")));
    }

    @Test
    void labelsAreKeptUpdatedAndWalked() {
        snapshotter.prepare("a", "", Map.of("colour", "red"));
        snapshotter.commit("committed-a", "a", Map.of());
        snapshotter.view("v", "committed-a", Map.of());

        Info updated = snapshotter.update(new Info("committed-a", "", Kind.COMMITTED, Map.of("size", "big"),
                Instant.EPOCH, Instant.EPOCH), List.of("labels.size"));
        assertEquals(Map.of("colour", "red", "size", "big"), updated.labels());
        List<String> committed = new ArrayList<>();
        snapshotter.walk(info -> info.kind() == Kind.COMMITTED, info -> committed.add(info.name()));
        assertEquals(List.of("committed-a"), committed);
        assertEquals("committed-a", snapshotter.stat("v").parent());
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static ErrorKind kindOf(Runnable call) {
        return assertThrows(BerthException.class, call::run).kind();
    }
}
