package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonDirectoriesTest {
    @TempDir
    Path directory;

    @Test
    void bothDirectoriesAreCreatedWithMode0711() throws Exception {
        Path root = directory.resolve("var/lib/berth");
        Path state = directory.resolve("run/berth");
        DaemonDirectories.prepare(root, state);
        assertTrue(Files.isDirectory(root));
        assertTrue(Files.isDirectory(state));
        // The umask may take bits away, never add them: nobody but the owner may list or write.
        for (Path created : new Path[] {root, root.getParent(), state}) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(created);
            assertTrue(PosixFilePermissions.fromString("rwx--x--x").containsAll(mode), created + " " + mode);
            assertTrue(mode.containsAll(PosixFilePermissions.fromString("rwx------")), created + " " + mode);
        }
    }

    @Test
    void existingDirectoriesAreKept() throws Exception {
        Path root = Files.createDirectory(directory.resolve("root"));
        Files.writeString(root.resolve("keep"), "x");
        DaemonDirectories.prepare(root, directory.resolve("state"));
        assertTrue(Files.exists(root.resolve("keep")));
    }

    @Test
    void relativePathsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaemonDirectories.prepare(Path.of("var/lib/berth"), directory.resolve("state")));
        assertEquals("root must be an absolute path, got \"var/lib/berth\"", e.getMessage());
    }

    @Test
    void rootAndStateMustDiffer() {
        assertThrows(IllegalArgumentException.class,
                () -> DaemonDirectories.prepare(directory.resolve("same"), directory.resolve("x/../same")));
    }

    @Test
    void aFileInTheWayIsReportedWithTheDirectoryRole() throws Exception {
        Path state = Files.writeString(directory.resolve("state"), "not a directory");
        Exception e = assertThrows(IOException.class,
                () -> DaemonDirectories.prepare(directory.resolve("root"), state));
        assertTrue(e.getMessage().startsWith("cannot create the state directory " + state), e.getMessage());
    }
}
