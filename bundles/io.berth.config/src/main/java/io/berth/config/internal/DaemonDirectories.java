package io.berth.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Checks and creates the daemon's root and state directories, as containerd does. */
final class DaemonDirectories {
    /** Others may pass through to what a plugin shares (e.g. a mount) but not list the directory. */
    private static final String MODE = "rwx--x--x";

    private DaemonDirectories() {
    }

    /**
     * Creates both directories and missing parents with mode 0711 (less the umask); existing ones keep
     * their mode.
     *
     * @throws IllegalArgumentException when a path is relative or both are the same
     */
    static void prepare(Path root, Path state) throws IOException {
        requireAbsolute("root", root);
        requireAbsolute("state", state);
        if (root.normalize().equals(state.normalize())) {
            throw new IllegalArgumentException("root and state must be different paths, both are " + root);
        }
        create("root", root);
        create("state", state);
    }

    private static void requireAbsolute(String what, Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path, got \"" + path + "\"");
        }
    }

    private static void create(String what, Path directory) throws IOException {
        FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(MODE));
        try {
            Files.createDirectories(directory, mode);
        } catch (IOException e) {
            throw new IOException("cannot create the " + what + " directory " + directory + ": " + e, e);
        }
    }
}
