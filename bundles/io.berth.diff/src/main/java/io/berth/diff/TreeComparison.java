package io.berth.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.berth.diff.ChangeHandler.ChangeKind;

/**
 * containerd's double walk: the upper and lower trees are listed side by side, directory by directory in name
 * order, and each name is reported as added, modified or deleted. Files are equal as continuity's {@code sameFile}
 * decides: type, mode, owner, device number and xattrs first, then size and mtime, and the content only where
 * both mtimes lack their nanoseconds (a copy that truncated them cannot be told apart otherwise).
 */
final class TreeComparison {
    private static final int COMPARE_BUFFER = 32 * 1024;

    private final Path lower;
    private final Path upper;
    private final Optional<Path> overlayUpper;
    private final ChangeHandler handler;

    TreeComparison(Path lower, Path upper, Optional<Path> overlayUpper, ChangeHandler handler) {
        this.lower = lower;
        this.upper = upper;
        this.overlayUpper = overlayUpper;
        this.handler = handler;
    }

    void run() throws IOException {
        compareChildren("", true);
    }

    /** The children of directory {@code name}; when the lower tree's are hidden, every upper child is added. */
    private void compareChildren(String name, boolean lowerVisible) throws IOException {
        SortedSet<String> upperNames = list(resolve(upper, name));
        SortedSet<String> lowerNames = lowerVisible ? list(resolve(lower, name)) : Collections.emptySortedSet();
        SortedSet<String> all = new TreeSet<>(upperNames);
        all.addAll(lowerNames);
        for (String child : all) {
            String path = name.isEmpty() ? child : name + "/" + child;
            if (!upperNames.contains(child)) {
                handler.change(ChangeKind.DELETED, path, null, null);
            } else if (!lowerNames.contains(child)) {
                added(path);
            } else {
                compare(path);
            }
        }
    }

    private void added(String path) throws IOException {
        Path file = resolve(upper, path);
        FileState state = FileState.of(file);
        handler.change(ChangeKind.ADDED, path, file, state);
        if (state.isDirectory()) {
            compareChildren(path, false);
        }
    }

    private void compare(String path) throws IOException {
        Path upperFile = resolve(upper, path);
        Path lowerFile = resolve(lower, path);
        FileState upperState = FileState.of(upperFile);
        FileState lowerState = FileState.of(lowerFile);
        if (upperState.isDirectory() && lowerState.isDirectory()) {
            if (isOpaque(path)) {
                handler.change(ChangeKind.MODIFIED, path, upperFile, upperState);
                handler.opaque(path);
                compareChildren(path, false);
                return;
            }
            if (!same(lowerFile, lowerState, upperFile, upperState)) {
                handler.change(ChangeKind.MODIFIED, path, upperFile, upperState);
            }
            compareChildren(path, true);
        } else if (upperState.type() != lowerState.type()) {
            // Applying the entry removes what is in the way, a whole directory included.
            handler.change(ChangeKind.MODIFIED, path, upperFile, upperState);
            if (upperState.isDirectory()) {
                compareChildren(path, false);
            }
        } else if (!same(lowerFile, lowerState, upperFile, upperState)) {
            handler.change(ChangeKind.MODIFIED, path, upperFile, upperState);
        } else if (upperState.isHardLinked()) {
            handler.change(ChangeKind.UNMODIFIED, path, upperFile, upperState);
        }
    }

    private boolean isOpaque(String path) throws IOException {
        if (overlayUpper.isEmpty()) {
            return false;
        }
        Path directory = resolve(overlayUpper.get(), path);
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && Xattrs.isOverlayOpaque(directory);
    }

    private static boolean same(Path lowerFile, FileState lowerState, Path upperFile, FileState upperState)
            throws IOException {
        if (lowerState.dev() == upperState.dev() && lowerState.ino() == upperState.ino()) {
            return true;
        }
        if (lowerState.mode() != upperState.mode() || lowerState.uid() != upperState.uid()
                || lowerState.gid() != upperState.gid() || lowerState.rdev() != upperState.rdev()) {
            return false;
        }
        if (!Xattrs.equal(Xattrs.of(lowerFile), Xattrs.of(upperFile))) {
            return false;
        }
        if (upperState.isDirectory()) {
            return true;
        }
        if (lowerState.size() != upperState.size()) {
            return false;
        }
        long lowerNanos = lowerState.mtime().to(TimeUnit.NANOSECONDS);
        long upperNanos = upperState.mtime().to(TimeUnit.NANOSECONDS);
        if (Math.floorDiv(lowerNanos, 1_000_000_000L) != Math.floorDiv(upperNanos, 1_000_000_000L)) {
            return false;
        }
        if (Math.floorMod(lowerNanos, 1_000_000_000L) != 0 || Math.floorMod(upperNanos, 1_000_000_000L) != 0) {
            return lowerNanos == upperNanos;
        }
        if (upperState.isSymbolicLink()) {
            return Files.readSymbolicLink(lowerFile).equals(Files.readSymbolicLink(upperFile));
        }
        return !upperState.isRegularFile() || upperState.size() == 0 || sameContent(lowerFile, upperFile);
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        try (InputStream inA = Files.newInputStream(a, LinkOption.NOFOLLOW_LINKS);
             InputStream inB = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bufferA = new byte[COMPARE_BUFFER];
            byte[] bufferB = new byte[COMPARE_BUFFER];
            while (true) {
                int n = inA.readNBytes(bufferA, 0, bufferA.length);
                int m = inB.readNBytes(bufferB, 0, bufferB.length);
                if (n != m || !Arrays.equals(bufferA, 0, n, bufferB, 0, m)) {
                    return false;
                }
                if (n < bufferA.length) {
                    return true;
                }
            }
        }
    }

    /** The names in {@code directory}, sorted: the layer's order does not depend on the directory's. */
    private static SortedSet<String> list(Path directory) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        return names;
    }

    private static Path resolve(Path root, String name) {
        return name.isEmpty() ? root : root.resolve(name);
    }
}
