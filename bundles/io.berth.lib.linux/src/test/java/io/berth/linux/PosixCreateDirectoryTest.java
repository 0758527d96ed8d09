package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixCreateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theDirectoryGetsExactlyTheModeWhateverTheUmaskTakesAway() throws IOException {
        for (int mode : new int[] {0700, 0711, 0755, 0777, 0000, 0070}) {
            Path made = Posix.createDirectory(dir.resolve(Integer.toOctalString(mode)), mode);
            assertEquals(mode, (int) Files.getAttribute(made, "unix:mode") & 07777, Integer.toOctalString(mode));
        }
    }

    @Test
    void itFailsAsFilesCreateDirectoryDoes() throws IOException {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        assertThrows(FileAlreadyExistsException.class, () -> Posix.createDirectory(existing, 0755));
        assertThrows(NoSuchFileException.class, () -> Posix.createDirectory(dir.resolve("no/parent"), 0755));
    }
}
