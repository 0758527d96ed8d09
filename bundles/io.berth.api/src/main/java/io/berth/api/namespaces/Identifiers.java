package io.berth.api.namespaces;

import java.util.regex.Pattern;

import io.berth.api.errors.BerthException;

/**
 * containerd's rule for the names of namespaces, leases and containers: letters and digits in runs
 * separated by single '.', '_' or '-', at most 76 characters.
 */
public final class Identifiers {
    /** Longest accepted identifier, as in containerd. */
    public static final int MAX_LENGTH = 76;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

    private Identifiers() {
    }

    /**
     * Checks an identifier.
     *
     * @param kind what the identifier names, for the message, e.g. {@code "lease id"}
     * @return the identifier, when valid
     * @throws BerthException of kind INVALID_ARGUMENT saying what is wrong with it
     */
    public static String validate(String kind, String id) {
        if (id == null || id.isEmpty()) {
            throw BerthException.invalidArgument("%s must not be empty", kind);
        }
        if (id.length() > MAX_LENGTH) {
            throw BerthException.invalidArgument("%s is %d characters long, at most %d are allowed",
                    kind, id.length(), MAX_LENGTH);
        }
        if (!IDENTIFIER.matcher(id).matches()) {
            throw BerthException.invalidArgument(
                    "%s %s must be letters and digits, separated by single '.', '_' or '-'", kind, quote(id));
        }
        return id;
    }

    private static String quote(String id) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : id.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
