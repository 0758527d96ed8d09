package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.berth.api.diff.Applied;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.WhiteoutMode;

/** A root at {@code <tmp>/sandbox/root}: anything else appearing in the sandbox is an escape. */
final class Sandbox {
    final Path sandbox;
    final Path root;

    Sandbox(Path tmp) throws IOException {
        sandbox = Files.createDirectories(tmp.resolve("sandbox"));
        root = Files.createDirectories(sandbox.resolve("root"));
    }

    Applied apply(WalkingDiffer differ, byte[] layer, String mediaType, ApplyOptions options) {
        return differ.apply(new ByteArrayInputStream(layer), mediaType, root, options);
    }

    Applied apply(byte[] layer, WhiteoutMode mode) {
        return apply(new WalkingDiffer(1L << 30), layer, "", new ApplyOptions(mode, true));
    }

    void assertNothingOutsideRoot() throws IOException {
        try (Stream<Path> children = Files.list(sandbox)) {
            assertEquals(List.of(root), children.toList(), "the sandbox around the root must hold the root only");
        }
    }
}
