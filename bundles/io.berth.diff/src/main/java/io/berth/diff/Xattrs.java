package io.berth.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.berth.linux.Posix;

/** A file's extended attributes as a layer carries them: sorted by name, overlayfs' own left out. */
final class Xattrs {
    /** overlayfs keeps its bookkeeping (opaque, redirect, origin) under this prefix: it is no part of the file. */
    static final String OVERLAY_PREFIX = "trusted.overlay.";

    private Xattrs() {
    }

    static SortedMap<String, byte[]> of(Path path) throws IOException {
        SortedMap<String, byte[]> xattrs = new TreeMap<>();
        try {
            for (String name : Posix.llistxattr(path)) {
                if (!name.startsWith(OVERLAY_PREFIX)) {
                    xattrs.put(name, Posix.lgetxattr(path, name));
                }
            }
        } catch (Posix.PosixException e) {
            if (!e.notSupported()) {
                throw e;
            }
        }
        return xattrs;
    }

    static boolean equal(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(entry -> Arrays.equals(entry.getValue(), b.get(entry.getKey())));
    }

    /** Whether overlayfs marked {@code directory} of an upper directory opaque: it hides what is below. */
    static boolean isOverlayOpaque(Path directory) throws IOException {
        try {
            return Posix.llistxattr(directory).contains(Whiteouts.OVERLAY_OPAQUE_XATTR)
                    && Arrays.equals(Posix.lgetxattr(directory, Whiteouts.OVERLAY_OPAQUE_XATTR), new byte[] {'y'});
        } catch (Posix.PosixException e) {
            if (e.notSupported()) {
                return false;
            }
            throw e;
        }
    }
}
