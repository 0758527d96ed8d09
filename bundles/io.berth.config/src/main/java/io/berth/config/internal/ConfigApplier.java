package io.berth.config.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the config file, lays the flags over it and syncs the result into the store. A file that
 * cannot be read or parsed changes nothing: the last good configuration stays, and the outcome
 * says what is wrong.
 */
final class ConfigApplier {
    /** The source marker when there is no file and only flags configure the daemon. */
    static final String FLAGS_ONLY_SOURCE = "flags";

    /** What one apply did: the PIDs it changed, and the problem with the file if there was one. */
    record Outcome(ConfigSync.Changes changes, Optional<String> problem) {
        static final Outcome UNCHANGED = new Outcome(ConfigSync.Changes.NONE, Optional.empty());
    }

    private final Optional<Path> file;
    private final Map<String, Map<String, Object>> flags;
    private final PidStore store;
    private final String source;
    private final TomlParser parser = new TomlParser();
    /** The sections last applied from the file; null until something was applied. Guarded by this. */
    private Map<String, Map<String, Object>> lastGood;
    /** The file's text at the last apply, good or bad, so that an unchanged file is not re-read. Guarded by this. */
    private String lastText;

    ConfigApplier(Optional<Path> file, Map<String, Map<String, Object>> flags, PidStore store) {
        this.file = file;
        this.flags = flags;
        this.store = store;
        this.source = file.map(Path::toString).orElse(FLAGS_ONLY_SOURCE);
    }

    /** Applies the file as it is now; cheap when it did not change. */
    synchronized Outcome apply() throws IOException {
        Map<String, Map<String, Object>> sections;
        Optional<String> problem = Optional.empty();
        try {
            Optional<Map<String, Map<String, Object>>> read = readChangedFile();
            if (read.isEmpty()) {
                return Outcome.UNCHANGED;
            }
            sections = read.get();
        } catch (ConfigFileException e) {
            if (lastGood != null) {
                return new Outcome(ConfigSync.Changes.NONE, Optional.of(e.getMessage()));
            }
            // Nothing good read yet in this run: what an earlier run stored is the last good
            // configuration, and the flags of this run still win over it.
            problem = Optional.of(e.getMessage());
            sections = ConfigSync.owned(store);
        }
        ConfigSync.Changes changes;
        try {
            changes = ConfigSync.apply(FlagOverrides.overlay(sections, flags), source, store);
        } catch (IOException e) {
            lastText = null; // not applied: the next look at the file must try again
            throw e;
        }
        lastGood = sections;
        return new Outcome(changes, problem);
    }

    /** The file's sections, or empty when its text is what was last applied. */
    private Optional<Map<String, Map<String, Object>>> readChangedFile() throws ConfigFileException {
        if (file.isEmpty()) {
            return lastGood == null ? Optional.of(Map.of()) : Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file.get());
        } catch (IOException e) {
            throw new ConfigFileException(source + ": cannot read: " + reason(e));
        }
        if (text.equals(lastText)) {
            return Optional.empty();
        }
        // Remembered before parsing, so that a broken file is reported once, not on every event in its directory.
        lastText = text;
        return Optional.of(PidMapping.toPids(parser.parse(text, source), source));
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case CharacterCodingException coding -> "not UTF-8 text";
            default -> e.getClass().getSimpleName() + ": " + e.getMessage();
        };
    }
}
