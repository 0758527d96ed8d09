package io.berth.oci.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.berth.api.errors.BerthException;

/**
 * A path inside a root filesystem, its symbolic links resolved as the container would see them: an absolute link
 * starts again at the root and {@code ..} never climbs above it, so that nothing outside the root is read.
 */
public final class RootedPath {
    /** As Linux's limit on links followed while resolving a path. */
    private static final int MAX_LINKS = 40;
    /** Account files are small; a bigger one, or a device, is not read. */
    private static final long MAX_SIZE = 16L << 20;

    private RootedPath() {
    }

    /** The path on the host that {@code path} (absolute in the container) names. */
    public static Path resolve(Path root, String path) {
        Deque<String> remaining = new ArrayDeque<>(components(path));
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!remaining.isEmpty()) {
            String component = remaining.pop();
            if (component.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = join(root, resolved).resolve(component);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.addLast(component);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw BerthException.invalidArgument("%s: too many levels of symbolic links in the image", path);
            }
            String target = readLink(candidate);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetComponents = components(target);
            for (int i = targetComponents.size() - 1; i >= 0; i--) {
                remaining.push(targetComponents.get(i));
            }
        }
        return join(root, resolved);
    }

    /**
     * The text of a regular file in the root, or empty when there is no such file.
     *
     * @throws BerthException FAILED_PRECONDITION when it is not a regular file or too big to be an account file
     */
    public static Optional<String> readIfPresent(Path root, String path) {
        Path file = resolve(root, path);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_SIZE) {
                throw BerthException.failedPrecondition("%s in the image is not a regular file of at most %d bytes",
                        path, MAX_SIZE);
            }
            try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                return Optional.of(new String(in.readNBytes((int) MAX_SIZE), StandardCharsets.UTF_8));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.failedPrecondition("cannot read %s in the image: %s", path, e.getMessage());
        }
    }

    private static List<String> components(String path) {
        return List.of(path.split("/")).stream().filter(part -> !part.isEmpty() && !part.equals(".")).toList();
    }

    private static Path join(Path root, Deque<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw BerthException.failedPrecondition("cannot read symbolic link %s: %s", link, e.getMessage());
        }
    }
}
