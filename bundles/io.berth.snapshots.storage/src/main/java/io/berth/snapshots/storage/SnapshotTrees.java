package io.berth.snapshots.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.berth.api.snapshots.Kind;

/**
 * Where a {@link TreeSnapshotter} keeps each snapshot's tree, named by the id of its record: plain directories,
 * subvolumes, or any storage that shows a snapshot as a directory. Removal goes through a move aside, so that a
 * crash leaves either the tree or a leftover that {@link #deleteRemoved} finds.
 */
@ConsumerType
public interface SnapshotTrees {
    /** The directory that shows the snapshot's files. */
    Path tree(long id);

    /** An empty tree for an active snapshot or view on no parent; a failure leaves nothing behind. */
    void create(long id, Kind kind) throws IOException;

    /** A tree starting as {@code parent}'s, for an active snapshot or view; a failure leaves nothing behind. */
    void branch(long parent, long id, Kind kind) throws IOException;

    /** Makes a committed snapshot's tree immutable where the storage can; nothing by default. */
    default void seal(long id) throws IOException {
    }

    /** Undoes {@link #seal} when the commit did not go through. */
    default void unseal(long id) throws IOException {
    }

    /** Moves a tree out of the way in one rename; returns where it went. */
    Path moveAside(long id) throws IOException;

    /** Puts back a tree moved aside, when its removal did not go through. */
    void moveBack(Path aside, long id) throws IOException;

    /** Deletes a tree moved aside. */
    void deleteAside(Path aside) throws IOException;

    /** Moves aside every tree whose id is not one of {@code live}. */
    void moveAsideAllBut(Set<String> live) throws IOException;

    /** Deletes everything moved aside, by this run or an interrupted one. */
    void deleteRemoved() throws IOException;
}
