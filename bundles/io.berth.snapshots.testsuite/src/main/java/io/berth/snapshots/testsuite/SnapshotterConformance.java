package io.berth.snapshots.testsuite;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.berth.api.snapshots.Usage;
import io.berth.linux.Posix;

/**
 * What every {@link io.berth.api.snapshots.Snapshotter} must do, as containerd's snapshotter test suite checks
 * it: extend it in a test of your snapshotter and implement {@link #create(Path)}. It runs the filesystem tests
 * below, through real mounts, and inherits the contract's rules from {@link SnapshotRulesConformance} and the
 * commits onto another parent from {@link RebaseConformance}.
 */
public abstract class SnapshotterConformance extends RebaseConformance {

    @Test
    void anActiveSnapshotOnNoParentStartsEmpty() throws IOException {
        snapshotter.prepare("empty", "", Map.of());
        try (Stream<Path> entries = Files.list(mount("empty"))) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void aChildSeesItsParentsFilesAndItsOwnChanges() throws IOException {
        layer("base", "", tree -> {
            Files.writeString(tree.resolve("kept"), "base");
            Files.writeString(tree.resolve("changed"), "before");
            Files.writeString(tree.resolve("deleted"), "doomed");
            Files.createDirectories(tree.resolve("dir/sub"));
            Files.writeString(tree.resolve("dir/sub/deep"), "deep");
        });
        layer("child", "base", tree -> {
            assertEquals("base", Files.readString(tree.resolve("kept")));
            assertEquals("deep", Files.readString(tree.resolve("dir/sub/deep")));
            Files.writeString(tree.resolve("changed"), "after");
            Files.delete(tree.resolve("deleted"));
            Files.writeString(tree.resolve("added"), "new");
        });

        Path child = view("child-view", "child");
        assertEquals("base", Files.readString(child.resolve("kept")));
        assertEquals("after", Files.readString(child.resolve("changed")));
        assertEquals("new", Files.readString(child.resolve("added")));
        assertFalse(Files.exists(child.resolve("deleted"), NOFOLLOW_LINKS), "a deletion in a child hides the file");

        Path base = view("base-view", "base");
        assertEquals("before", Files.readString(base.resolve("changed")));
        assertEquals("doomed", Files.readString(base.resolve("deleted")));
        assertFalse(Files.exists(base.resolve("added")), "a parent does not see its child's files");
    }

    @Test
    void aViewIsReadOnly() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("file"), "content"));
        Path view = view("look", "base");
        assertEquals("content", Files.readString(view.resolve("file")));
        assertThrows(IOException.class, () -> Files.writeString(view.resolve("file"), "changed"));
        assertThrows(IOException.class, () -> Files.writeString(view.resolve("new"), "new"));
        assertThrows(IOException.class, () -> Files.createDirectory(view.resolve("dir")));
        assertEquals("content", Files.readString(view.resolve("file")));
    }

    @Test
    void activeSnapshotsOfOneParentAreIndependent() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("shared"), "base"));
        snapshotter.prepare("left", "base", Map.of());
        snapshotter.prepare("right", "base", Map.of());
        Path left = mount("left");
        Path right = mount("right");
        Files.writeString(left.resolve("shared"), "left");
        Files.delete(right.resolve("shared"));
        assertEquals("left", Files.readString(left.resolve("shared")));
        assertFalse(Files.exists(right.resolve("shared")));
        assertEquals("base", Files.readString(view("base-view", "base").resolve("shared")));
    }

    @Test
    void usageGrowsWithData() throws IOException {
        snapshotter.prepare("growing", "", Map.of());
        Usage before = snapshotter.usage("growing");
        Path tree = mount("growing");
        Files.write(tree.resolve("big"), new byte[1 << 20]);
        for (int i = 0; i < 10; i++) {
            Files.writeString(tree.resolve("small-" + i), "x".repeat(100));
        }
        Usage after = snapshotter.usage("growing");
        assertTrue(after.size() >= before.size() + (1 << 20), before + " then " + after);
        assertTrue(after.inodes() >= before.inodes() + 11, before + " then " + after);
        unmount(tree);

        snapshotter.commit("grown", "growing", Map.of());
        assertTrue(snapshotter.usage("grown").size() >= 1 << 20, "a committed snapshot keeps its usage");
    }

    @Test
    void aFiveDeepChainKeepsDeletionsOwnersModesAndSymlinks() throws IOException {
        layer("l1", "", tree -> {
            Files.createDirectories(tree.resolve("etc"));
            Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0");
            Files.createDirectories(tree.resolve("bin"));
            Files.writeString(tree.resolve("bin/tool"), "#!/bin/sh");
            Posix.chmod(tree.resolve("bin/tool"), 04755);
            Files.createDirectories(tree.resolve("home/user"));
            Files.writeString(tree.resolve("home/user/notes"), "mine");
            Posix.lchown(tree.resolve("home/user"), 1000, 1000);
            Posix.lchown(tree.resolve("home/user/notes"), 1000, 1001);
            Posix.chmod(tree.resolve("home/user/notes"), 0640);
            Posix.chmod(tree.resolve("home/user"), 0700);
            Posix.symlink("etc/passwd", tree.resolve("link"));
            Posix.lchown(tree.resolve("link"), 7, 8);
            Files.writeString(tree.resolve("gone"), "first life");
            Files.createDirectories(tree.resolve("replaced"));
            Files.writeString(tree.resolve("replaced/old-a"), "a");
            Files.writeString(tree.resolve("replaced/old-b"), "b");
        });
        layer("l2", "l1", tree -> {
            Files.delete(tree.resolve("gone"));
            Posix.chmod(tree.resolve("home/user/notes"), 0600);
            Posix.lchown(tree.resolve("etc/passwd"), 33, 33);
        });
        layer("l3", "l2", tree -> {
            Files.delete(tree.resolve("replaced/old-a"));
            Files.delete(tree.resolve("replaced/old-b"));
            Files.delete(tree.resolve("replaced"));
            Files.createDirectories(tree.resolve("replaced"));
            Files.writeString(tree.resolve("replaced/new"), "fresh");
            Files.delete(tree.resolve("link"));
            Posix.symlink("bin/tool", tree.resolve("link"));
            Posix.symlink("/etc/passwd", tree.resolve("absolute"));
        });
        layer("l4", "l3", tree -> {
            Files.writeString(tree.resolve("gone"), "second life");
            Files.createDirectories(tree.resolve("tmp"));
            Posix.chmod(tree.resolve("tmp"), 01777);
        });
        layer("l5", "l4", tree -> {
            Files.delete(tree.resolve("etc/passwd"));
            Files.writeString(tree.resolve("etc/hostname"), "berth");
        });

        Path top = view("top", "l5");
        assertFalse(Files.exists(top.resolve("etc/passwd"), NOFOLLOW_LINKS));
        assertEquals("berth", Files.readString(top.resolve("etc/hostname")));
        assertEquals(04755, mode(top.resolve("bin/tool")));
        assertEquals(0700, mode(top.resolve("home/user")));
        assertEquals(1000, owner(top.resolve("home/user")));
        assertEquals(0600, mode(top.resolve("home/user/notes")));
        assertEquals(1000, owner(top.resolve("home/user/notes")));
        assertEquals(1001, Files.getAttribute(top.resolve("home/user/notes"), "unix:gid", NOFOLLOW_LINKS));
        assertEquals("mine", Files.readString(top.resolve("home/user/notes")));
        assertEquals("bin/tool", Files.readSymbolicLink(top.resolve("link")).toString());
        assertEquals("/etc/passwd", Files.readSymbolicLink(top.resolve("absolute")).toString());
        assertEquals("second life", Files.readString(top.resolve("gone")));
        try (Stream<Path> entries = Files.list(top.resolve("replaced"))) {
            assertEquals(List.of("new"), entries.map(p -> p.getFileName().toString()).toList(),
                    "a directory deleted and made again shows none of its old entries");
        }
        assertEquals(01777, mode(top.resolve("tmp")));

        Path middle = view("middle", "l3");
        assertEquals("root:x:0:0", Files.readString(middle.resolve("etc/passwd")));
        assertEquals(33, owner(middle.resolve("etc/passwd")));
        assertFalse(Files.exists(middle.resolve("gone"), NOFOLLOW_LINKS));
        assertFalse(Files.exists(middle.resolve("tmp"), NOFOLLOW_LINKS));

        Path bottom = view("bottom", "l1");
        assertEquals("etc/passwd", Files.readSymbolicLink(bottom.resolve("link")).toString());
        assertEquals(7, owner(bottom.resolve("link")));
        assertEquals(0, owner(bottom.resolve("etc/passwd")));
        assertEquals(0640, mode(bottom.resolve("home/user/notes")));
        assertEquals("first life", Files.readString(bottom.resolve("gone")));
        assertTrue(Files.exists(bottom.resolve("replaced/old-a")));
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW_LINKS) & 07777;
    }

    private static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW_LINKS);
    }
}
