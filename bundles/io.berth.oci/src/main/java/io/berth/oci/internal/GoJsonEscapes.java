package io.berth.oci.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The string escapes of Go's {@code encoding/json}: {@code <}, {@code >}, {@code &}, U+2028, U+2029 and control
 * characters other than newline, return and tab as {@code \}{@code u00xx} with lower-case digits, so that the JSON
 * written is byte for byte what a Go client writes.
 */
public final class GoJsonEscapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                ASCII[c] = ESCAPE_CUSTOM;
            }
        }
        ASCII['<'] = ESCAPE_CUSTOM;
        ASCII['>'] = ESCAPE_CUSTOM;
        ASCII['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 0x80 ? ASCII[ch] == ESCAPE_CUSTOM : ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
