package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What is mounted where, from {@code /proc/self/mountinfo}: how the tests see what a change left mounted. */
final class MountInfo {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountInfo() {
    }

    static boolean isMountPoint(Path path) throws IOException {
        return mountPoints().contains(path.toAbsolutePath().normalize().toString());
    }

    /** Every mount point, unescaped; the fifth field of each mountinfo line. */
    static List<String> mountPoints() throws IOException {
        return Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 4)
                .map(fields -> unescape(fields[4]))
                .toList();
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits after a backslash. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
