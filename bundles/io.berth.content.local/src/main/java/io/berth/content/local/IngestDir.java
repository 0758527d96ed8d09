package io.berth.content.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.berth.api.content.Status;
import io.berth.linux.Trees;

/**
 * The files of one ingest. Timestamps are RFC 3339 text, as containerd writes them, and are replaced
 * through a temporary file so a crash leaves either the old or the new value.
 */
final class IngestDir {
    private final Path dir;

    IngestDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    Path data() {
        return dir.resolve(Layout.DATA);
    }

    /** Replaces whatever is there with a fresh, empty ingest of {@code ref}. */
    void create(String ref, long total, Instant startedAt) throws IOException {
        Trees.deleteRecursively(dir);
        Files.createDirectory(dir);
        Files.writeString(dir.resolve(Layout.REF), ref, StandardCharsets.UTF_8);
        writeTimestamp(Layout.STARTED_AT, startedAt);
        writeTimestamp(Layout.UPDATED_AT, startedAt);
        if (total > 0) {
            writeTotal(total);
        }
        Files.createFile(data());
    }

    void writeTotal(long total) throws IOException {
        replace(Layout.TOTAL, Long.toString(total));
    }

    void writeTimestamp(String name, Instant time) throws IOException {
        replace(name, time.toString());
    }

    /**
     * The ingest's progress as its files record it, or empty when it is gone or incomplete
     * (interrupted while being created or removed).
     */
    Optional<Status> read() throws IOException {
        try {
            String ref = Files.readString(dir.resolve(Layout.REF), StandardCharsets.UTF_8);
            Instant startedAt = readTimestamp(Layout.STARTED_AT);
            Instant updatedAt = readTimestamp(Layout.UPDATED_AT);
            long offset = Files.size(data());
            // The updatedat file is written when a writer closes; the data file's time is newer while one writes.
            Instant modified = Files.getLastModifiedTime(data()).toInstant();
            if (modified.isAfter(updatedAt)) {
                updatedAt = modified;
            }
            return Optional.of(new Status(ref, offset, readTotal(), Optional.empty(), startedAt, updatedAt));
        } catch (NoSuchFileException | DateTimeParseException incomplete) {
            return Optional.empty();
        }
    }

    /** The announced size, 0 when none was announced or the file is unreadable, as containerd reads it. */
    private long readTotal() throws IOException {
        try {
            return Long.parseLong(Files.readString(dir.resolve(Layout.TOTAL), StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException | NumberFormatException unknown) {
            return 0;
        }
    }

    private Instant readTimestamp(String name) throws IOException {
        String text = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).trim();
        // containerd may have written it with a zone offset; ours are UTC.
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    private void replace(String name, String content) throws IOException {
        Path temporary = dir.resolve(name + Layout.TEMPORARY_SUFFIX);
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
