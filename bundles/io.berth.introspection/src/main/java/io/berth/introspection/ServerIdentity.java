package io.berth.introspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who this server is: a UUID that survives restarts, and its pid namespace. */
final class ServerIdentity {
    private static final Pattern NAMESPACE_LINK = Pattern.compile("pid:\\[(\\d+)]");

    private ServerIdentity() {
    }

    /** The UUID stored in {@code <dir>/uuid}, made once and then kept, as containerd does. */
    static String uuid(Path dir) {
        Path file = dir.resolve("uuid");
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (isUuid(stored)) {
                    return stored;
                }
            }
            Files.createDirectories(dir);
            String made = UUID.randomUUID().toString();
            Path temp = Files.createTempFile(dir, "uuid", ".tmp");
            Files.writeString(temp, made, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the server UUID in " + file, e);
        }
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The inode of this process's pid namespace, 0 when the kernel does not say. */
    static long pidNamespace() {
        try {
            Matcher m = NAMESPACE_LINK.matcher(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
            return m.matches() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
