package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcSelfStatusTest {
    @TempDir
    Path dir;

    @Test
    void theUmaskIsWhatAFileMadeWithEveryBitLacks() throws IOException {
        Path made = Files.createDirectory(dir.resolve("made"),
                PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.values())));
        int mode = (int) Files.getAttribute(made, "unix:mode") & 0777;

        assertEquals(0777 & ~ProcSelfStatus.read().umask(), mode);
    }

    @Test
    void aFieldIsReadAsTheKernelWritesIt() throws IOException {
        assertEquals(Long.toString(ProcessHandle.current().pid()), ProcSelfStatus.read().field("Pid"));
        assertThrows(IOException.class, () -> ProcSelfStatus.read().field("NoSuchField"));
    }

    @Test
    void theFilesystemIdsAreThoseAFileMadeHereGets() throws IOException {
        Path made = Files.createFile(dir.resolve("owned"));
        ProcSelfStatus status = ProcSelfStatus.read();

        assertEquals(Files.getAttribute(made, "unix:uid"), status.filesystemUid());
        assertEquals(Files.getAttribute(made, "unix:gid"), status.filesystemGid());
    }
}
