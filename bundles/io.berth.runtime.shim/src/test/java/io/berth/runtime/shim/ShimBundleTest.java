package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

class ShimBundleTest {
    private static final byte[] SPEC = "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private Path root() {
        return dir.resolve("root");
    }

    @Test
    void aBundleIsLaidOutAsContainerdLaysItOut() throws IOException {
        ShimBundle bundle = ShimBundle.of(state(), root(), "default", "t1");
        bundle.create(SPEC);

        Path path = state().resolve("default/t1");
        assertEquals(path, bundle.path());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertArrayEquals(SPEC, Files.readAllBytes(path.resolve("config.json")));
        assertTrue(Files.isDirectory(path.resolve("rootfs")));
        assertEquals(Posix.S_IFIFO, (int) Files.getAttribute(path.resolve("log"), "unix:mode") & 0170000);
        assertEquals(root().resolve("default/t1"), Files.readSymbolicLink(path.resolve("work")));
        assertTrue(Files.isDirectory(root().resolve("default/t1")));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.resolve("rootfs"))));
        assertEquals("rwx--x--x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(root().resolve("default/t1"))));
    }

    @Test
    void aWorkDirectoryLeftByAnEarlierTaskOfTheIdStartsAfresh() throws IOException {
        Path left = Files.createDirectories(root().resolve("default/t1/old"));
        Files.writeString(left.resolve("state"), "x");

        ShimBundle.of(state(), root(), "default", "t1").create(SPEC);

        try (Stream<Path> work = Files.list(root().resolve("default/t1"))) {
            assertEquals(List.of(), work.toList());
        }
    }

    @Test
    void aShimBinaryPathLeftEmptyByADaemonThatDiedReadsAsNotWritten() throws IOException {
        ShimBundle bundle = ShimBundle.of(state(), root(), "default", "t1");
        bundle.create(SPEC);
        Files.createFile(bundle.path().resolve("shim-binary-path"));

        assertEquals(Optional.empty(), bundle.shimBinary());
    }

    @Test
    void theAddressAndShimBinaryAreKeptForTheNextDaemon() throws IOException {
        ShimBundle bundle = ShimBundle.of(state(), root(), "default", "t1");
        bundle.create(SPEC);
        assertEquals(Optional.empty(), bundle.address());

        bundle.writeAddress("unix:///run/containerd/s/abc");
        bundle.writeShimBinary(Path.of("/usr/bin/containerd-shim-runc-v2"));

        ShimBundle again = ShimBundle.of(state(), root(), "default", "t1");
        assertEquals(Optional.of("unix:///run/containerd/s/abc"), again.address());
        assertEquals(Optional.of(Path.of("/usr/bin/containerd-shim-runc-v2")), again.shimBinary());
    }

    @Test
    void aSecondBundleOfTheSameTaskIsRefusedAndTheFirstKept() throws IOException {
        ShimBundle.of(state(), root(), "default", "t1").create(SPEC);

        BerthException e = assertThrows(BerthException.class,
                () -> ShimBundle.of(state(), root(), "default", "t1").create("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertArrayEquals(SPEC, Files.readAllBytes(state().resolve("default/t1/config.json")));
    }

    @Test
    void idsAndNamespacesThatCouldLeaveTheStateDirectoryAreRefusedBeforeAnythingIsMade() {
        for (String id : List.of("a/b", "..", "../escape", "/abs", "x".repeat(300), "")) {
            BerthException e = assertThrows(BerthException.class, () -> ShimBundle.of(state(), root(), "default", id));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), id);
        }
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(BerthException.class,
                () -> ShimBundle.of(state(), root(), "../ns", "t1")).kind());
        assertFalse(Files.exists(state()));
    }

    @Test
    void deleteRemovesTheBundleAndWorkDirectoryButNotWhatTheWorkLinkPointsInto() throws IOException {
        ShimBundle bundle = ShimBundle.of(state(), root(), "default", "t1");
        bundle.create(SPEC);
        Files.writeString(root().resolve("default/t1/runtime-state"), "x");

        bundle.delete();

        assertFalse(Files.exists(state().resolve("default/t1"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root().resolve("default/t1")));
        assertTrue(Files.isDirectory(state().resolve("default")));
    }

    @Test
    void deleteUnmountsARootfsTheShimLeftMountedAndNeverWalksIntoIt() throws IOException {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "mount(2) needs root; CI runs the tests as root");
        Path image = Files.createDirectories(dir.resolve("image"));
        Files.writeString(image.resolve("etc-file"), "keep me");
        ShimBundle bundle = ShimBundle.of(state(), root(), "default", "t1");
        bundle.create(SPEC);
        Posix.mount(image.toString(), bundle.rootfs(), null, Posix.MS_BIND, null);
        Posix.mount(image.toString(), bundle.rootfs(), null, Posix.MS_BIND, null);

        bundle.delete();

        assertFalse(MountInfo.isMountPoint(bundle.rootfs()));
        assertFalse(Files.exists(bundle.path()));
        assertEquals("keep me", Files.readString(image.resolve("etc-file")));
        try (Stream<Path> left = Files.list(image)) {
            assertEquals(1, left.count());
        }
    }

    @Test
    void mountinfoEscapesAreUndone() {
        assertEquals("/run/a b\tc\\d", MountInfo.unescape("/run/a\\040b\\011c\\134d"));
        assertEquals("/plain\\x", MountInfo.unescape("/plain\\x"));
    }
}
