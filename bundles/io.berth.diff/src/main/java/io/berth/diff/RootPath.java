package io.berth.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.berth.api.errors.BerthException;

/**
 * Names resolved inside a root the way containerd's {@code fs.RootPath} does: the root acts as {@code /},
 * {@code ..} stops at it, absolute names start at it, and symlinks met on the way are followed inside it (an
 * absolute target starts again at the root). The result names no symlink in any resolved component, so
 * opening it cannot leave the root while nothing else writes there.
 */
final class RootPath {
    /** Linux's limit on symlinks followed in one lookup. */
    private static final int MAX_SYMLINKS = 40;

    private final Path root;

    RootPath(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code name} cleaned lexically as if absolute: {@code ..} cannot climb above the root. */
    static List<String> clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Where {@code name} leads inside the root, following every symlink in it, the last component included. */
    Path resolve(String name) throws IOException {
        Deque<String> pending = new ArrayDeque<>(clean(name));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            Path candidate = join(resolved).resolve(part);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.add(part);
                continue;
            }
            if (++links > MAX_SYMLINKS) {
                throw BerthException.invalidArgument("too many levels of symbolic links resolving \"%s\" in the layer",
                        name);
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            String[] targetParts = target.split("/");
            for (int i = targetParts.length - 1; i >= 0; i--) {
                pending.addFirst(targetParts[i]);
            }
        }
        return join(resolved);
    }

    private Path join(List<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }

}
