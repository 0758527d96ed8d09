package io.berth.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level string keys of a config.toml: {@code key = "value"} lines before the first table
 * header. The launcher needs {@code root} and {@code state} before the framework runs; the config
 * bundle parses the whole file inside the framework, so a TOML library here would only slow the
 * start. Deliberately not read: values of other types, multi-line strings, and everything from the
 * first line that starts with {@code [} (a multi-line array whose line starts with {@code [} ends
 * the reading early).
 */
final class TopLevelToml {
    private TopLevelToml() {
    }

    static Map<String, String> read(Path file) throws LauncherException {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new LauncherException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new LauncherException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                break;
            }
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals < 0) {
                continue;
            }
            String key = key(line.substring(0, equals).strip());
            String value = string(line.substring(equals + 1).strip());
            if (key != null && value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    private static String key(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return basic(text, 1);
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        return TomlText.isBareKey(text) ? text : null;
    }

    private static String string(String text) {
        if (text.startsWith("\"\"\"") || text.startsWith("'''")) {
            return null;
        }
        if (text.startsWith("\"")) {
            return basic(text, 1);
        }
        int end = text.indexOf('\'', 1);
        return text.startsWith("'") && end > 0 ? text.substring(1, end) : null;
    }

    /** A basic string's content from {@code start} to its closing quote; null if malformed. */
    private static String basic(String text, int start) {
        StringBuilder out = new StringBuilder();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                return null;
            }
            switch (text.charAt(i)) {
                case 'b' -> out.append('\b');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'f' -> out.append('\f');
                case 'r' -> out.append('\r');
                case 'e' -> out.append('\u001b');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'u', 'U' -> {
                    int digits = text.charAt(i) == 'u' ? 4 : 8;
                    if (i + digits >= text.length()) {
                        return null;
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(text, i + 1, i + 1 + digits, 16));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                    i += digits;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }
}
