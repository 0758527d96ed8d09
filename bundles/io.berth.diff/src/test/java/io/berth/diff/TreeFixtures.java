package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Whole trees for the diff tests: copied as {@code cp -a} copies, and described for comparison. */
final class TreeFixtures {
    private TreeFixtures() {
    }

    /** {@code cp -a}: times, owners, modes, xattrs and hard links kept. */
    static void copy(Path from, Path to) throws IOException, InterruptedException {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor(), "cp -a " + from + " " + to);
    }

    /**
     * Every path under {@code root} with what a layer carries of it: type and mode, owner, mtime in seconds (not
     * for directories, whose times the entries below change), content or target, xattrs, and which names share
     * an inode.
     */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> described = new TreeMap<>();
        Map<String, String> firstNameOfInode = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String name = root.relativize(path).toString();
            FileState state = FileState.of(path);
            StringBuilder text = new StringBuilder(String.format("%o %d:%d", state.mode(), state.uid(), state.gid()));
            if (!state.isDirectory()) {
                text.append(" t=").append(state.mtime().toInstant().getEpochSecond());
            }
            if (state.isRegularFile()) {
                text.append(" '").append(Files.readString(path)).append("'");
            } else if (state.isSymbolicLink()) {
                text.append(" -> ").append(Files.readSymbolicLink(path));
            } else if (!state.isDirectory()) {
                text.append(" rdev=").append(state.rdev());
            }
            Xattrs.of(path).forEach((key, value) -> text.append(" ").append(key).append('=')
                    .append(Arrays.toString(value)));
            if (state.isHardLinked()) {
                text.append(" same as ").append(firstNameOfInode.computeIfAbsent(state.inode(), inode -> name));
            }
            described.put(name, text.toString());
        }
        return described;
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
