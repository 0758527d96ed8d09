package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

/** Two layers applied in order: the upper one's whiteouts hide what the lower one made. */
class WhiteoutTest {
    @TempDir
    Path tmp;
    private Sandbox sandbox;
    private Path root;

    @BeforeEach
    void sandbox() throws IOException {
        assumeTrue(Machine.isRoot(), "whiteouts are device nodes and trusted.* xattrs: they need root");
        sandbox = new Sandbox(tmp);
        root = sandbox.root;
    }

    private static byte[] lower() {
        return new Layer()
                .dir("etc/", 0755).file("etc/gone", "lower", 0644).file("etc/stays", "lower", 0644)
                .dir("opaque/", 0755).file("opaque/old", "lower", 0644)
                .dir("opaque/sub/", 0755).file("opaque/sub/old", "lower", 0644)
                .tar();
    }

    private static byte[] upper() {
        return new Layer()
                .file("etc/.wh.gone", "", 0644)
                .dir("opaque/", 0755)
                .file("opaque/.wh..wh..opq", "", 0644)
                .file("opaque/new", "upper", 0644)
                .tar();
    }

    @Test
    void deleteModeRemovesWhitedOutFilesAndEmptiesOpaqueDirectories() throws IOException {
        sandbox.apply(lower(), WhiteoutMode.DELETE);
        sandbox.apply(upper(), WhiteoutMode.DELETE);

        assertFalse(Files.exists(root.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("etc/.wh.gone"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("lower", Files.readString(root.resolve("etc/stays")));
        assertEquals(List.of("new"), names(root.resolve("opaque")),
                "an opaque directory keeps only what the upper layer put there");
        assertEquals("upper", Files.readString(root.resolve("opaque/new")));
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void overlayModeMakesCharacterDevicesAndOpaqueXattrs() throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        assumeTrue(Machine.supportsXattr(probe, Whiteouts.OVERLAY_OPAQUE_XATTR),
                "the temporary filesystem does not store trusted.* xattrs");
        sandbox.apply(upper(), WhiteoutMode.OVERLAY);

        Path whiteout = root.resolve("etc/gone");
        assertEquals(Posix.S_IFCHR,
                (int) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000);
        assertEquals(0L, Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII),
                Posix.lgetxattr(root.resolve("opaque"), Whiteouts.OVERLAY_OPAQUE_XATTR));
        assertFalse(Files.exists(root.resolve("opaque/.wh..wh..opq"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(root.resolve("opaque/new")));
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void whiteoutOfTheParentDirectoryIsRefused() throws IOException {
        BerthException refused = assertThrows(BerthException.class,
                () -> sandbox.apply(new Layer().file("etc/.wh...", "", 0644).tar(), WhiteoutMode.DELETE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        assertTrue(Files.exists(root), "the root is still there");
        sandbox.assertNothingOutsideRoot();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }
}
