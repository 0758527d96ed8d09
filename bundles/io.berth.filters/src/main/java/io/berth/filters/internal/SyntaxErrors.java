package io.berth.filters.internal;

import io.berth.api.errors.BerthException;

/** Builds the one shape of parse error: the filter, what is wrong, and where. */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    /**
     * @param index where in the input, as a string index; reported in characters so that a
     *              supplementary character counts once
     */
    static BerthException at(String input, int index, String format, Object... args) {
        return BerthException.invalidArgument("filter %s: %s at position %d",
                quote(input), String.format(format, args), input.codePointCount(0, index));
    }

    /** Control characters are escaped so a message stays on one line; quotes are kept so positions line up. */
    private static String quote(String input) {
        StringBuilder out = new StringBuilder(input.length() + 2).append('"');
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
