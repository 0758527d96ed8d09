package io.berth.filters.internal;

/** One token of a filter: its kind, where it sits in the input ({@code [start, end)}) and its raw text. */
record Token(Kind kind, int start, int end, String text) {
    enum Kind {
        /** A field name: letters, digits, '_' and '-'. */
        FIELD,
        /** An unquoted value, only scanned right after an operator. */
        VALUE,
        /** A quoted literal, quotes and escapes still in the text. */
        QUOTED,
        COMMA,
        DOT,
        /** A run of '=', '!' and '~'; the parser decides whether it is a known operator. */
        OPERATOR,
        /** A character that starts no token. */
        OTHER,
        EOF
    }
}
