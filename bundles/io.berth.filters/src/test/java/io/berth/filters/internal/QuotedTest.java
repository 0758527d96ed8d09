package io.berth.filters.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuotedTest {

    static String decode(String literal) {
        return Quoted.decode(literal, 0, literal.length());
    }

    @Test
    void literalWithoutEscapesIsItsContent() {
        assertEquals("more complex label", decode("\"more complex label\""));
        assertEquals("", decode("\"\""));
    }

    @Test
    void literalMayStandInsideLongerInput() {
        String input = "labels.\"a\\tb\".post";
        assertEquals("a\tb", Quoted.decode(input, 7, 13));
    }

    @Test
    void backslashAfterTheLiteralIsNotAnEscapeOfIt() {
        String input = "\"ab\"\\";
        assertEquals("ab", Quoted.decode(input, 0, 4));
    }

    @Test
    void singleCharacterEscapesAreGos() {
        assertEquals("\u0007\b\f\n\r\t\u000b\\", decode("\"\\a\\b\\f\\n\\r\\t\\v\\\\\""));
    }

    @Test
    void onlyTheOpeningQuoteMayBeEscaped() {
        assertEquals("say \"hi\"", decode("\"say \\\"hi\\\"\""));
        assertEquals("a/b", decode("/a\\/b/"));
        assertEquals("a|b", decode("|a\\|b|"));
    }

    @Test
    void otherQuoteCharactersNeedNoEscape() {
        assertEquals("a\"/b", decode("|a\"/b|"));
        assertEquals("a|'b", decode("\"a|'b\""));
    }

    @Test
    void octalAndHexEscapesAreBytes() {
        assertEquals("A", decode("\"\\101\""));
        assertEquals("\0", decode("\"\\000\""));
        assertEquals("A", decode("\"\\x41\""));
        assertEquals("z", decode("\"\\x7A\""));
    }

    @Test
    void consecutiveByteEscapesAreReadAsUtf8() {
        assertEquals("é", decode("\"\\xc3\\xa9\""));
        assertEquals("é", decode("\"\\303\\251\""));
        assertEquals("牛x", decode("\"\\xe7\\x89\\x9bx\""));
    }

    @Test
    void unicodeEscapesAreCodePoints() {
        assertEquals("é", decode("\"\\u00e9\""));
        assertEquals("\uD83D\uDE00", decode("\"\\U0001F600\""));
        assertEquals("\uDBFF\uDFFF", decode("\"\\U0010ffff\""));
    }

    @Test
    void escapesMixWithPlainText() {
        assertEquals("a\tb\u00e9c\\d", decode("\"a\\tb\\u00e9c\\\\d\""));
    }

}
