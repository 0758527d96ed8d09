package io.berth.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The stamps of the jars as they were installed, one line each: {@code <size> <mtime-ms> <location>}.
 * The file sits in the Felix cache so that it lives and dies with the installed bundles.
 */
final class DeployedStamps {
    private DeployedStamps() {
    }

    static Map<String, FileStamp> read(Path file) throws IOException {
        Map<String, FileStamp> stamps = new HashMap<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return stamps;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split(" ", 3);
            if (fields.length < 3) {
                continue;
            }
            try {
                stamps.put(fields[2], new FileStamp(Long.parseLong(fields[0]), Long.parseLong(fields[1])));
            } catch (NumberFormatException e) {
                // A damaged line only costs that jar an update check by date.
            }
        }
        return stamps;
    }

    /** Replaces the file atomically: a crash leaves the old record or the new one, never half. */
    static void write(Path file, Map<String, FileStamp> stamps) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, FileStamp> stamp : stamps.entrySet()) {
            text.append(stamp.getValue().size()).append(' ').append(stamp.getValue().lastModified())
                    .append(' ').append(stamp.getKey()).append('\n');
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
