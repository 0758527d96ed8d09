package io.berth.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.linux.Posix;
import io.berth.linux.Trees;

/** The OCI whiteout entries of a layer, carried out in overlay or deletion form. */
final class Whiteouts {
    static final String PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";

    private final WhiteoutMode mode;

    Whiteouts(WhiteoutMode mode) {
        this.mode = mode;
    }

    static boolean isWhiteout(String base) {
        return base.startsWith(PREFIX);
    }

    /**
     * Carries out whiteout {@code base} found in {@code dir} (already resolved inside the root).
     *
     * @param unpacked the paths this layer has written so far: an opaque directory keeps them
     */
    void apply(Path dir, String base, int uid, int gid, Set<Path> unpacked) throws IOException {
        if (base.equals(OPAQUE)) {
            opaque(dir, unpacked);
            return;
        }
        String hidden = base.substring(PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw BerthException.invalidArgument("invalid whiteout \"%s\" in the layer: it names no file", base);
        }
        Path target = dir.resolve(hidden);
        Trees.deleteRecursively(target);
        if (mode == WhiteoutMode.OVERLAY) {
            Posix.mknod(target, Posix.S_IFCHR, 0, 0);
            Posix.lchown(target, uid, gid);
        }
    }

    private void opaque(Path dir, Set<Path> unpacked) throws IOException {
        if (mode == WhiteoutMode.OVERLAY) {
            Posix.lsetxattr(dir, OVERLAY_OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        removeNotUnpacked(dir, unpacked);
    }

    /** Empties {@code dir} of what lower layers put there, keeping what this layer wrote (at any depth). */
    private static void removeNotUnpacked(Path dir, Set<Path> unpacked) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!unpacked.contains(child)) {
                    Trees.deleteRecursively(child);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    removeNotUnpacked(child, unpacked);
                }
            }
        }
    }
}
