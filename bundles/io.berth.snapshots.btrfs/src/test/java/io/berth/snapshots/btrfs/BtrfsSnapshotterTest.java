package io.berth.snapshots.btrfs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.linux.Posix;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.testsuite.SnapshotterConformance;

/**
 * The shared suite and the btrfs snapshotter's own behaviour, on a loop-backed btrfs filesystem made for this class:
 * each test's root is a bind mount of a fresh directory of it.
 */
class BtrfsSnapshotterTest extends SnapshotterConformance {
    private static LoopBtrfs filesystem;
    private static final AtomicInteger tests = new AtomicInteger();

    private SqliteDatabase metadata;
    /** Where the root is on the filesystem: the directory bind-mounted at the root. */
    private Path place;

    @BeforeAll
    static void makeFilesystem() throws IOException {
        LoopBtrfs.assumeAvailable();
        filesystem = LoopBtrfs.mount();
    }

    @AfterAll
    static void dropFilesystem() throws IOException {
        if (filesystem != null) {
            filesystem.close();
        }
    }

    @Override
    protected Snapshotter create(Path root) throws Exception {
        Path dir = Files.createDirectory(filesystem.mountPoint().resolve("test-" + tests.incrementAndGet()));
        Files.createDirectories(root);
        Posix.mount(dir.toString(), root, null, Posix.MS_BIND, null);
        place = dir;
        metadata = SqliteDatabase.open(workspace.resolve("meta.db"), Duration.ofSeconds(5));
        return new BtrfsSnapshotter(metadata, root);
    }

    /** Runs before the fixture's own unmounting, so it unmounts the snapshots first, then the root under them. */
    @AfterEach
    void closeMetadataAndUnmountRoot() throws IOException {
        unmountAll();
        if (metadata != null) {
            metadata.close();
        }
        if (place != null) {
            Posix.umount2(root(), 0);
        }
    }

    @Test
    void anActiveSnapshotIsAWritableBindMountOfItsSubvolumeAndAViewAReadOnlyOne() throws IOException {
        List<Mount> active = snapshotter.prepare("base-active", "", Map.of());
        Path subvolume = Path.of(active.getFirst().source());
        assertEquals(List.of(new Mount("bind", subvolume.toString(), List.of("rw", "rbind"))), active);
        assertEquals(root().resolve("snapshots"), subvolume.getParent());
        assertTrue(isSubvolume(subvolume));
        assertFalse(BtrfsCommand.isReadOnly(subvolume));
        assertEquals(active, snapshotter.mounts("base-active"));

        snapshotter.commit("base", "base-active", Map.of());
        List<Mount> view = snapshotter.view("look", "base", Map.of());
        assertEquals(List.of("ro", "rbind"), view.getFirst().options());
        Path viewed = Path.of(view.getFirst().source());
        assertTrue(isSubvolume(viewed));
        assertTrue(BtrfsCommand.isReadOnly(viewed), "a view is a read-only subvolume");
    }

    @Test
    void aCommittedSnapshotIsAReadOnlySubvolumeWhereItWas() throws IOException {
        Path subvolume = Path.of(snapshotter.prepare("base-active", "", Map.of()).getFirst().source());
        Path tree = mount("base-active");
        Files.writeString(tree.resolve("file"), "kept");
        unmount(tree);

        snapshotter.commit("base", "base-active", Map.of());

        assertTrue(isSubvolume(subvolume));
        assertTrue(BtrfsCommand.isReadOnly(subvolume));
        assertEquals("kept", Files.readString(subvolume.resolve("file")));
        assertThrows(IOException.class, () -> Files.writeString(subvolume.resolve("file"), "changed"));
    }

    @Test
    void aViewOnNoParentIsAnEmptyReadOnlySubvolume() throws IOException {
        Path subvolume = Path.of(snapshotter.view("nothing", "", Map.of()).getFirst().source());
        assertTrue(isSubvolume(subvolume));
        assertTrue(BtrfsCommand.isReadOnly(subvolume));
        assertEquals(List.of(), entries(subvolume));
    }

    @Test
    void aChildIsASnapshotOfItsParentsSubvolume() throws IOException {
        layer("base", "", tree -> Files.write(tree.resolve("big"), new byte[1 << 20]));
        Path base = root().resolve("snapshots").resolve(entries(root().resolve("snapshots")).getFirst());
        Path child = Path.of(snapshotter.prepare("child", "base", Map.of()).getFirst().source());

        assertEquals(show(base, "UUID:"), show(child, "Parent UUID:"));
        assertFalse(BtrfsCommand.isReadOnly(child), "an active snapshot of a committed one is writable");
    }

    @Test
    void removeDeletesTheSubvolume() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("file"), "data"));
        snapshotter.prepare("child", "base", Map.of());
        assertEquals(2, subvolumesUnder("snapshots").size());

        snapshotter.remove("child");
        snapshotter.remove("base");

        assertEquals(List.of(), entries(root().resolve("snapshots")));
        assertEquals(List.of(), subvolumesUnder("snapshots"));
    }

    @Test
    void cleanupDeletesUnrecordedSubvolumesAndPlainLeftovers() throws IOException {
        Path snapshots = root().resolve("snapshots");
        Path sealed = snapshots.resolve("777");
        BtrfsCommand.create(sealed);
        Files.writeString(sealed.resolve("orphan"), "left by a crash");
        BtrfsCommand.setReadOnly(sealed, true);
        BtrfsCommand.create(snapshots.resolve("removing-5"));
        Files.writeString(Files.createDirectories(snapshots.resolve("888/usr/bin")).resolve("tool"), "half made");
        Path alive = Path.of(snapshotter.prepare("alive", "", Map.of()).getFirst().source());

        snapshotter.cleanup();

        assertEquals(List.of(alive.getFileName().toString()), entries(snapshots));
        assertEquals(List.of("snapshots/" + alive.getFileName()), subvolumesUnder("snapshots"));
    }

    @Test
    void aLeftoverAtAnIdGivenAgainIsReplacedNotSnapshottedInto() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("file"), "base"));
        // A creation rolled back after its btrfs call leaves storage at the id the next creation gets.
        Path next = root().resolve("snapshots").resolve("2");
        Files.writeString(Files.createDirectory(next).resolve("stale"), "left");

        assertEquals(next.toString(), snapshotter.prepare("child", "base", Map.of()).getFirst().source());

        assertTrue(isSubvolume(next));
        assertEquals(List.of("file"), entries(mount("child")));
    }

    @Test
    void refusesARootThatIsNotOnBtrfs() throws IOException {
        Path tmpfs = Files.createDirectory(workspace.resolve("tmpfs"));
        Posix.mount("tmpfs", tmpfs, "tmpfs", 0, null);
        try {
            BerthException refusal = assertThrows(BerthException.class,
                    () -> new BtrfsSnapshotter(metadata, tmpfs.resolve("snapshotter")));
            assertEquals(ErrorKind.FAILED_PRECONDITION, refusal.kind());
            assertTrue(refusal.getMessage().contains("tmpfs") && refusal.getMessage().contains("btrfs"),
                    refusal.getMessage());
            assertFalse(Files.exists(tmpfs.resolve("snapshotter")), "nothing is made on a refused root");
        } finally {
            Posix.umount2(tmpfs, 0);
        }
    }

    private static boolean isSubvolume(Path dir) throws IOException {
        return (Long) Files.getAttribute(dir, "unix:ino", NOFOLLOW_LINKS) == 256;
    }

    /** A field of {@code btrfs subvolume show}. */
    private static String show(Path subvolume, String field) throws IOException {
        return LoopBtrfs.run("btrfs", "subvolume", "show", subvolume.toString()).lines().map(String::strip)
                .filter(line -> line.startsWith(field)).findFirst().orElseThrow().substring(field.length()).strip();
    }

    /** The subvolumes the filesystem holds below {@code dir} of the root, by their paths from the root. */
    private List<String> subvolumesUnder(String dir) throws IOException {
        Path top = filesystem.mountPoint();
        Path under = place.resolve(dir);
        return LoopBtrfs.run("btrfs", "subvolume", "list", top.toString()).lines()
                .map(line -> top.resolve(line.substring(line.indexOf(" path ") + " path ".length())))
                .filter(path -> path.startsWith(under)).map(path -> place.relativize(path).toString()).sorted()
                .toList();
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
