package io.berth.filters.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a quoted literal the way Go unquotes a string, with the opening character as the quote.
 * Byte escapes ({@code \xHH}, {@code \NNN}) are gathered and read as UTF-8, as a Go string would hold them.
 */
final class Quoted {
    private final String input;
    private final char quote;
    private final StringBuilder out;
    private final byte[] bytes;
    private int byteCount;
    private int bytesStart;

    private Quoted(String input, int start, int end) {
        this.input = input;
        this.quote = input.charAt(start);
        this.out = new StringBuilder(end - start);
        this.bytes = new byte[end - start];
    }

    /**
     * @param start index of the opening quote
     * @param end   index just after the closing quote, as the scanner found it
     */
    static String decode(String input, int start, int end) {
        int backslash = input.indexOf('\\', start + 1);
        if (backslash < 0 || backslash >= end - 1) {
            return input.substring(start + 1, end - 1);
        }
        return new Quoted(input, start, end).run(start + 1, end - 1);
    }

    private String run(int from, int to) {
        int i = from;
        while (i < to) {
            char c = input.charAt(i);
            if (c == '\\') {
                i = escape(i, to);
            } else {
                flushBytes();
                out.append(c);
                i++;
            }
        }
        flushBytes();
        return out.toString();
    }

    /** Decodes the escape at {@code at} (its backslash) and returns the index after it. */
    private int escape(int at, int to) {
        // The scanner never ends a literal on a lone backslash, so a character follows.
        char e = input.charAt(at + 1);
        switch (e) {
            case 'a' -> text(0x07);
            case 'b' -> text('\b');
            case 'f' -> text('\f');
            case 'n' -> text('\n');
            case 'r' -> text('\r');
            case 't' -> text('\t');
            case 'v' -> text(0x0b);
            case '\\' -> text('\\');
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int value = digits(at, at + 1, to, 3, 8, "octal");
                if (value > 0xff) {
                    throw SyntaxErrors.at(input, at, "escape \"%s\" is greater than \\377",
                            input.substring(at, at + 4));
                }
                addByte(at, value);
                return at + 4;
            }
            case 'x' -> {
                addByte(at, digits(at, at + 2, to, 2, 16, "hex"));
                return at + 4;
            }
            case 'u', 'U' -> {
                int n = e == 'u' ? 4 : 8;
                int value = digits(at, at + 2, to, n, 16, "hex");
                if (value < 0 || value > Character.MAX_CODE_POINT
                        || value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
                    throw SyntaxErrors.at(input, at, "escape \"%s\" is not a Unicode code point",
                            input.substring(at, at + 2 + n));
                }
                text(value);
                return at + 2 + n;
            }
            default -> {
                if (e != quote) {
                    throw SyntaxErrors.at(input, at, "invalid escape \"\\%s\"",
                            Character.toString(input.codePointAt(at + 1)));
                }
                text(e);
            }
        }
        return at + 2;
    }

    /**
     * Reads exactly {@code n} ASCII digits. Eight hex digits can pass {@code Integer.MAX_VALUE};
     * they wrap to a negative number, which no code point is.
     */
    private int digits(int at, int from, int to, int n, int radix, String kind) {
        int value = 0;
        for (int i = from; i < from + n; i++) {
            int digit = i < to ? digit(input.charAt(i)) : radix;
            if (digit >= radix) {
                throw SyntaxErrors.at(input, at, "escape \"%s\" needs %d %s digits",
                        input.substring(at, Math.min(from + n, to)), n, kind);
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** Character.digit would also take non-ASCII digits, which Go's escapes do not. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return Integer.MAX_VALUE;
    }

    private void text(int codePoint) {
        flushBytes();
        out.appendCodePoint(codePoint);
    }

    private void addByte(int at, int value) {
        if (byteCount == 0) {
            bytesStart = at;
        }
        bytes[byteCount++] = (byte) value;
    }

    private void flushBytes() {
        if (byteCount == 0) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, byteCount)));
        } catch (CharacterCodingException e) {
            throw SyntaxErrors.at(input, bytesStart, "byte escapes are not valid UTF-8");
        }
        byteCount = 0;
    }
}
