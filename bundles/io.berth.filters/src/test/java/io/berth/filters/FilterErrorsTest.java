package io.berth.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class FilterErrorsTest {

    static void assertRejected(String filter, String message) {
        BerthException e = assertThrows(BerthException.class, () -> Filters.parse(filter));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void operatorWithoutValueIsRejectedAtTheEnd() {
        assertRejected("name==", "filter \"name==\": expected value at position 6");
    }

    @Test
    void operatorFollowedByCommaIsRejectedAtTheComma() {
        assertRejected("image~=,id!=x", "filter \"image~=,id!=x\": expected value at position 7");
    }

    @Test
    void unquotedValueStartingWithADotIsRejected() {
        assertRejected("name==.x", "filter \"name==.x\": expected value at position 6");
    }

    @Test
    void trailingCommaIsRejected() {
        assertRejected("name==foo,", "filter \"name==foo,\": expected field at position 10");
    }

    @Test
    void leadingCommaIsRejected() {
        assertRejected(",name", "filter \",name\": expected field at position 0");
    }

    @Test
    void blankFilterIsRejectedUnlikeTheEmptyOne() {
        assertRejected("  ", "filter \"  \": expected field at position 2");
    }

    @Test
    void trailingFieldSeparatorIsRejected() {
        assertRejected("labels.", "filter \"labels.\": expected field at position 7");
    }

    @Test
    void fieldStartingWithPunctuationIsRejected() {
        assertRejected("labels.?\"x\".post==present",
                "filter \"labels.?\"x\".post==present\": expected field at position 7");
    }

    @Test
    void singleEqualsSignIsAnUnsupportedOperator() {
        assertRejected("name=foo", "filter \"name=foo\": unsupported operator \"=\" at position 4");
    }

    @Test
    void runOfOperatorCharactersIsOneUnsupportedOperator() {
        assertRejected("name===foo", "filter \"name===foo\": unsupported operator \"===\" at position 4");
        assertRejected("name==!foo", "filter \"name==!foo\": unsupported operator \"==!\" at position 4");
    }

    @Test
    void fieldpathFollowedByNeitherOperatorNorCommaIsRejected() {
        assertRejected("name foo", "filter \"name foo\": expected operator \"==\", \"!=\" or \"~=\" at position 5");
        assertRejected("name?", "filter \"name?\": expected operator \"==\", \"!=\" or \"~=\" at position 4");
    }

    @Test
    void secondValueAfterASpaceIsRejected() {
        assertRejected("name==foo bar", "filter \"name==foo bar\": expected \",\" at position 10");
    }

    @Test
    void textRightAfterAQuotedValueIsRejected() {
        assertRejected("name==\"a\"b", "filter \"name==\"a\"b\": expected \",\" at position 9");
    }

    @Test
    void slashInAFieldOpensAQuoteThatNeverEnds() {
        assertRejected("labels.ns/key==value",
                "filter \"labels.ns/key==value\": unterminated quoted literal at position 9");
    }

    @Test
    void valueStartingWithASlashOpensAQuoteThatNeverEnds() {
        assertRejected("labels.key==/value", "filter \"labels.key==/value\": unterminated quoted literal at position 12");
    }

    @Test
    void escapedClosingQuoteLeavesTheLiteralOpen() {
        assertRejected("name==\"a\\\"", "filter \"name==\"a\\\"\": unterminated quoted literal at position 6");
    }

    @Test
    void lineBreakEndsAQuotedLiteralAndIsEscapedInTheMessage() {
        assertRejected("labels.\"a\nb\"==x", "filter \"labels.\"a\\nb\"==x\": unterminated quoted literal at position 7");
    }

    @Test
    void fieldQuotedWithPipesIsRejected() {
        assertRejected("labels.|foo|==x",
                "filter \"labels.|foo|==x\": only \"~=\" values may be quoted with '|' at position 7");
    }

    @Test
    void equalityValueQuotedWithSlashesIsRejected() {
        assertRejected("name==/foo/", "filter \"name==/foo/\": only \"~=\" values may be quoted with '/' at position 6");
        assertRejected("name!=|foo|", "filter \"name!=|foo|\": only \"~=\" values may be quoted with '|' at position 6");
    }

    @Test
    void unknownEscapeIsRejectedAtItsBackslash() {
        assertRejected("labels.\"\\g\"", "filter \"labels.\"\\g\"\": invalid escape \"\\g\" at position 8");
    }

    @Test
    void regexEscapesInsideQuotesMustBeGoEscapes() {
        assertRejected("name~=/a\\.b/", "filter \"name~=/a\\.b/\": invalid escape \"\\.\" at position 8");
    }

    @Test
    void escapedQuoteOfAnotherKindIsRejected() {
        assertRejected("name==\"\\'\"", "filter \"name==\"\\'\"\": invalid escape \"\\'\" at position 7");
        assertRejected("name~=/\\|/", "filter \"name~=/\\|/\": invalid escape \"\\|\" at position 7");
    }

    @Test
    void shortHexEscapeIsRejected() {
        assertRejected("name==\"\\xaz\"", "filter \"name==\"\\xaz\"\": escape \"\\xaz\" needs 2 hex digits at position 7");
        assertRejected("name==\"\\u12\"", "filter \"name==\"\\u12\"\": escape \"\\u12\" needs 4 hex digits at position 7");
    }

    @Test
    void shortOctalEscapeIsRejected() {
        assertRejected("name==\"\\18\"", "filter \"name==\"\\18\"\": escape \"\\18\" needs 3 octal digits at position 7");
    }

    @Test
    void octalEscapeAboveOneByteIsRejected() {
        assertRejected("name==\"\\400\"", "filter \"name==\"\\400\"\": escape \"\\400\" is greater than \\377 at position 7");
    }

    @Test
    void unicodeEscapeOutsideTheCodePointsIsRejected() {
        assertRejected("name==\"\\U00110000\"",
                "filter \"name==\"\\U00110000\"\": escape \"\\U00110000\" is not a Unicode code point at position 7");
        assertRejected("name==\"\\UFFFFFFFF\"",
                "filter \"name==\"\\UFFFFFFFF\"\": escape \"\\UFFFFFFFF\" is not a Unicode code point at position 7");
        assertRejected("name==\"\\ud800\"",
                "filter \"name==\"\\ud800\"\": escape \"\\ud800\" is not a Unicode code point at position 7");
    }

    @Test
    void byteEscapesThatAreNotUtf8AreRejected() {
        assertRejected("name==\"a\\xff\"", "filter \"name==\"a\\xff\"\": byte escapes are not valid UTF-8 at position 8");
        assertRejected("name==\"\\xc3x\"", "filter \"name==\"\\xc3x\"\": byte escapes are not valid UTF-8 at position 7");
    }

    @Test
    void invalidRegexIsRejectedAtParseTime() {
        assertRejected("name~=[",
                "filter \"name~=[\": invalid regular expression \"[\": Unclosed character class at position 6");
    }

    @Test
    void nulCharacterIsRejectedAndEscapedInTheMessage() {
        assertRejected("na\0me", "filter \"na\\u0000me\": unexpected NUL character at position 2");
    }

    @Test
    void positionCountsASupplementaryCharacterOnce() {
        assertRejected("labels.\"\uD83D\uDE00\"==x,?",
                "filter \"labels.\"\uD83D\uDE00\"==x,?\": expected field at position 14");
    }

    @Test
    void parseAllReportsTheFilterThatFailed() {
        BerthException e = assertThrows(BerthException.class, () -> Filters.parseAll(List.of("name==a", "name==")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("filter \"name==\": expected value at position 6", e.getMessage());
    }

    @Test
    void nullFiltersAreProgrammingErrors() {
        assertThrows(NullPointerException.class, () -> Filters.parse(null));
        assertThrows(NullPointerException.class, () -> Filters.parseAll(null));
        assertThrows(NullPointerException.class, () -> Filters.parseAll(Arrays.asList("name", null)));
    }
}
