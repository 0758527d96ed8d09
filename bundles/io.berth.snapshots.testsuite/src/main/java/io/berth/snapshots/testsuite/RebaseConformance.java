package io.berth.snapshots.testsuite;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.linux.Posix;

/**
 * Commits onto a given parent, as containerd 2's parallel unpack makes them: a snapshotter advertising
 * {@link Snapshotter#CAPABILITY_REBASE} stacks a layer prepared without parent onto the parent named at commit;
 * any other refuses that with NOT_IMPLEMENTED and loses nothing. Every snapshotter commits onto its own parent.
 */
public abstract class RebaseConformance extends SnapshotRulesConformance {
    private static final Map<String, String> REBASE_LATER = Map.of(Snapshotter.LABEL_REBASE_LATER, "true");

    private boolean canRebase() {
        return capabilities().contains(Snapshotter.CAPABILITY_REBASE);
    }

    @Test
    void aCommitNamingItsOwnParentOrNoneIsAPlainCommit() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("base"), "base"));
        snapshotter.prepare("same-active", "base", Map.of());
        snapshotter.commit("same", "same-active", Map.of(), "base");
        snapshotter.prepare("none-active", "base", Map.of());
        snapshotter.commit("none", "none-active", Map.of(), "");

        assertEquals("base", snapshotter.stat("same").parent());
        assertEquals("base", snapshotter.stat("none").parent());
        assertEquals("base", Files.readString(view("look", "none").resolve("base")));
    }

    @Test
    void aCommitOntoAnotherParentStacksTheLayerThereOrIsNotImplementedAndLosesNothing() throws IOException {
        layer("base", "", tree -> Files.writeString(tree.resolve("lower"), "base"));
        snapshotter.prepare("top-active", "", REBASE_LATER);
        Path tree = mount("top-active");
        Files.writeString(tree.resolve("upper"), "top");
        unmount(tree);

        if (canRebase()) {
            snapshotter.commit("top", "top-active", Map.of(), "base");
            assertEquals("base", snapshotter.stat("top").parent());
            assertEquals(Kind.COMMITTED, snapshotter.stat("top").kind());
            Path stacked = view("look", "top");
            assertEquals("base", Files.readString(stacked.resolve("lower")));
            assertEquals("top", Files.readString(stacked.resolve("upper")));
            assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.remove("base")),
                    "the rebased layer stands on its new parent");
        } else {
            assertEquals(ErrorKind.NOT_IMPLEMENTED,
                    kindOf(() -> snapshotter.commit("top", "top-active", Map.of(), "base")));
            assertEquals(Kind.ACTIVE, snapshotter.stat("top-active").kind());
            assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("top")));
            assertEquals("top", Files.readString(mount("top-active").resolve("upper")));
        }
    }

    @Test
    void aRebaseOntoAMissingOrActiveParentIsRefusedAndTheSnapshotStaysActive() throws IOException {
        snapshotter.prepare("loose", "", REBASE_LATER);
        snapshotter.prepare("other-active", "", Map.of());

        assertEquals(canRebase() ? ErrorKind.NOT_FOUND : ErrorKind.NOT_IMPLEMENTED,
                kindOf(() -> snapshotter.commit("done", "loose", Map.of(), "missing")));
        assertEquals(canRebase() ? ErrorKind.INVALID_ARGUMENT : ErrorKind.NOT_IMPLEMENTED,
                kindOf(() -> snapshotter.commit("done", "loose", Map.of(), "other-active")));
        assertEquals(Kind.ACTIVE, snapshotter.stat("loose").kind());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("done")));
    }

    @Test
    void aWhiteoutAnApplierWritesIntoARebasedLayerHidesTheParentsFile() throws IOException {
        layer("base", "", tree -> {
            Files.writeString(tree.resolve("kept"), "base");
            Files.writeString(tree.resolve("doomed"), "base");
        });
        List<Mount> mounts = snapshotter.prepare("top-active", "", REBASE_LATER);
        if (!canRebase()) {
            assertEquals(ErrorKind.NOT_IMPLEMENTED,
                    kindOf(() -> snapshotter.commit("top", "top-active", Map.of(), "base")));
            return;
        }
        Optional<Path> upper = upperDir(mounts);
        assertTrue(upper.isPresent(), "a layer to be rebased needs an overlay upper directory for its whiteouts, "
                + "got " + mounts);
        // What an applier writes for a deletion in overlay form: a character device 0/0 under the name.
        Posix.mknod(upper.get().resolve("doomed"), Posix.S_IFCHR, 0, 0);
        Files.writeString(upper.get().resolve("added"), "top");
        snapshotter.commit("top", "top-active", Map.of(), "base");

        Path stacked = view("look", "top");
        assertEquals("base", Files.readString(stacked.resolve("kept")));
        assertEquals("top", Files.readString(stacked.resolve("added")));
        assertFalse(Files.exists(stacked.resolve("doomed"), NOFOLLOW_LINKS));
        assertEquals("base", Files.readString(view("base-look", "base").resolve("doomed")));
    }

    private static Optional<Path> upperDir(List<Mount> mounts) {
        if (mounts.size() != 1 || !mounts.getFirst().type().equals("overlay")) {
            return Optional.empty();
        }
        return mounts.getFirst().options().stream().filter(option -> option.startsWith("upperdir="))
                .map(option -> Path.of(option.substring("upperdir=".length()))).findFirst();
    }
}
