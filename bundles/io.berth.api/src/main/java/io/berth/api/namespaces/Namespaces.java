package io.berth.api.namespaces;

import java.util.regex.Pattern;

import io.berth.api.errors.BerthException;

/** Namespace names: the default one, and the rule every name must follow (containerd's identifiers). */
public final class Namespaces {
    /** The namespace of a request that names none. */
    public static final String DEFAULT = "default";
    /** Longest accepted name, as in containerd. */
    public static final int MAX_LENGTH = 76;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");

    private Namespaces() {
    }

    /**
     * Checks a namespace name.
     *
     * @return the name, when valid
     * @throws BerthException of kind INVALID_ARGUMENT saying what is wrong with it
     */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw BerthException.invalidArgument("namespace name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw BerthException.invalidArgument("namespace name is %d characters long, at most %d are allowed",
                    name.length(), MAX_LENGTH);
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            throw BerthException.invalidArgument(
                    "namespace name %s must be letters and digits, separated by single '.', '_' or '-'", quote(name));
        }
        return name;
    }

    private static String quote(String name) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
