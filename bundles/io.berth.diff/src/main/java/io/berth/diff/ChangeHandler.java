package io.berth.diff;

import java.io.IOException;
import java.nio.file.Path;

/** Receives the changes a {@link TreeComparison} finds, in its order: each directory before what it holds. */
interface ChangeHandler {
    /** What became of one name of the upper tree, or of the lower tree for {@link ChangeKind#DELETED}. */
    enum ChangeKind {
        ADDED, MODIFIED, DELETED,
        /** Equal in both trees; reported only for hard-linked files, whose other names may need it as a source. */
        UNMODIFIED
    }

    /**
     * One changed name.
     *
     * @param name the path relative to the trees' roots, {@code /}-separated, without a leading {@code /}
     * @param file the file in the upper tree; null for {@link ChangeKind#DELETED}
     * @param state its lstat; null for {@link ChangeKind#DELETED}
     */
    void change(ChangeKind kind, String name, Path file, FileState state) throws IOException;

    /** Directory {@code name}, reported just before, hides everything the lower tree holds in it. */
    void opaque(String name) throws IOException;
}
