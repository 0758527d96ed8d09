package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class ShimBinariesTest {
    @TempDir
    Path dir;

    @Test
    void aRuntimeNameBecomesTheShimBinaryNameOfItsLastTwoParts() {
        assertEquals("containerd-shim-runc-v2", ShimBinaries.binaryName("io.containerd.runc.v2"));
        assertEquals("containerd-shim-runsc-v1", ShimBinaries.binaryName("io.containerd.runsc.v1"));
        assertEquals("containerd-shim-kata-v2", ShimBinaries.binaryName("kata.v2"));
    }

    @Test
    void namesThatAreNotDottedOrCouldLeaveTheDirectoryAreInvalid() {
        for (String name : List.of("", "runc", "io.containerd..v2", "io.containerd.runc.", "io.containerd.a/b.v2",
                "io.containerd.x.v2/../../bin/sh", ".runc.v2")) {
            BerthException e = assertThrows(BerthException.class, () -> ShimBinaries.binaryName(name), name);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), name);
        }
    }

    @Test
    void theBinaryIsTheFirstExecutableOfThatNameOnTheSearchPath() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.createFile(first.resolve("containerd-shim-runc-v2"));
        Path executable = executable(second.resolve("containerd-shim-runc-v2"));

        assertEquals(executable, new ShimBinaries(List.of(first, second)).resolve("io.containerd.runc.v2"));
    }

    @Test
    void aMissingShimBinaryIsNotFoundAndSaysWhichBinaryWasLookedFor() {
        BerthException e = assertThrows(BerthException.class,
                () -> new ShimBinaries(List.of(dir)).resolve("io.containerd.nosuch.v9"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("containerd-shim-nosuch-v9"), e.getMessage());
    }

    @Test
    void anAbsolutePathNamesTheBinaryItselfAndMustBeExecutable() throws IOException {
        Path binary = executable(dir.resolve("my-shim"));
        ShimBinaries binaries = new ShimBinaries(List.of());

        assertEquals(binary, binaries.resolve(binary.toString()));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class,
                () -> binaries.resolve(dir.resolve("absent").toString())).kind());
    }

    @Test
    void theSearchPathIsThePathVariableWithoutEmptyEntries() {
        assertEquals(List.of(Path.of("/usr/bin"), Path.of("/bin")), ShimBinaries.searchPath("/usr/bin::/bin:"));
        assertEquals(List.of(), ShimBinaries.searchPath(null));
    }

    private static Path executable(Path path) throws IOException {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return path;
    }
}
