package io.berth.filters.internal;

import io.berth.filters.internal.Token.Kind;

/**
 * Splits a filter into tokens. The parser says whether it expects a value, because after an
 * operator the same characters ({@code abc}, {@code a.b-c}) make one value instead of fields and dots.
 */
final class Scanner {
    private final String input;
    private int pos;

    Scanner(String input) {
        this.input = input;
        int nul = input.indexOf('\0');
        if (nul >= 0) {
            throw SyntaxErrors.at(input, nul, "unexpected NUL character");
        }
    }

    /** The next token where a field, a separator or an operator may stand. */
    Token next() {
        return scan(false);
    }

    /** The next token right after an operator. */
    Token nextValue() {
        return scan(true);
    }

    private Token scan(boolean value) {
        while (pos < input.length() && isSpace(input.codePointAt(pos))) {
            pos += Character.charCount(input.codePointAt(pos));
        }
        int start = pos;
        if (pos == input.length()) {
            return new Token(Kind.EOF, start, start, "");
        }
        int c = input.codePointAt(pos);
        if (c == '"' || c == '/' || c == '|') {
            return quoted((char) c);
        }
        if (c == ',') {
            return single(Kind.COMMA);
        }
        if (c == '.') {
            return single(Kind.DOT);
        }
        if (isOperator(c)) {
            while (pos < input.length() && isOperator(input.charAt(pos))) {
                pos++;
            }
            return token(Kind.OPERATOR, start);
        }
        if (value && isValue(c)) {
            while (pos < input.length() && isValue(input.codePointAt(pos))) {
                pos += Character.charCount(input.codePointAt(pos));
            }
            return token(Kind.VALUE, start);
        }
        if (!value && isField(c)) {
            while (pos < input.length() && isField(input.charAt(pos))) {
                pos++;
            }
            return token(Kind.FIELD, start);
        }
        pos += Character.charCount(c);
        return token(Kind.OTHER, start);
    }

    /** Finds the closing quote; escapes are checked when the parser decodes the literal. */
    private Token quoted(char quote) {
        int start = pos++;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '\n') {
                break;
            }
            if (c == quote) {
                pos++;
                return token(Kind.QUOTED, start);
            }
            // Skipping the escaped character lets \" stand inside "...", but never a line break.
            pos += c == '\\' && pos + 1 < input.length() && input.charAt(pos + 1) != '\n' ? 2 : 1;
        }
        throw SyntaxErrors.at(input, start, "unterminated quoted literal");
    }

    private Token single(Kind kind) {
        pos++;
        return token(kind, pos - 1);
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, start, pos, input.substring(start, pos));
    }

    private static boolean isOperator(int c) {
        return c == '=' || c == '!' || c == '~';
    }

    private static boolean isField(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** Printable and not a separator: controls, format characters and unassigned code points end a value. */
    private static boolean isValue(int c) {
        if (c == ',' || isSpace(c)) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** Unicode White_Space, as Go's unicode.IsSpace, which containerd's scanner skips. */
    static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
            default -> c > 0xff && Character.isSpaceChar(c);
        };
    }
}
