package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixXattrsAndDevicesTest {
    @TempDir
    Path dir;

    @Test
    void llistxattrNamesEveryXattrOfTheFileItself() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "content");
        Posix.lsetxattr(file, "user.first", "1".getBytes(StandardCharsets.UTF_8));
        Posix.lsetxattr(file, "user.second.longer-name", new byte[0]);
        assertEquals(List.of("user.first", "user.second.longer-name"),
                Posix.llistxattr(file).stream().filter(name -> name.startsWith("user.")).sorted().toList());
        assertThrows(IOException.class, () -> Posix.llistxattr(dir.resolve("missing")));
    }

    @Test
    void majorAndMinorUndoMakedev() {
        for (int[] numbers : new int[][] { { 1, 3 }, { 7, 300 }, { 259, 65_537 }, { 4095, 255 }, { 4096, 256 } }) {
            long device = Posix.makedev(numbers[0], numbers[1]);
            assertEquals(numbers[0], Posix.major(device));
            assertEquals(numbers[1], Posix.minor(device));
        }
    }
}
