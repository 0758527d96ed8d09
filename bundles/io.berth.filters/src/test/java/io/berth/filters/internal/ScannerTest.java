package io.berth.filters.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.filters.internal.Token.Kind;

class ScannerTest {

    /**
     * Scans the way the parser does: a value right after each operator, fields elsewhere.
     * Tokens print as {@code KIND@start:text}.
     */
    static List<String> tokens(String input) {
        Scanner scanner = new Scanner(input);
        List<String> out = new ArrayList<>();
        boolean value = false;
        while (true) {
            Token token = value ? scanner.nextValue() : scanner.next();
            assertEquals(input.substring(token.start(), token.end()), token.text());
            out.add(token.kind() + "@" + token.start() + (token.text().isEmpty() ? "" : ":" + token.text()));
            if (token.kind() == Kind.EOF) {
                return out;
            }
            value = token.kind() == Kind.OPERATOR;
        }
    }

    @Test
    void fieldAloneIsOneToken() {
        assertEquals(List.of("FIELD@0:name", "EOF@4"), tokens("name"));
    }

    @Test
    void selectorsSplitIntoFieldsOperatorsValuesAndCommas() {
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:==", "VALUE@6:value", "COMMA@11:,",
                "FIELD@12:foo", "OPERATOR@15:!=", "VALUE@17:bar", "EOF@20"), tokens("name==value,foo!=bar"));
    }

    @Test
    void dotsSeparateFieldsButStayInsideValues() {
        assertEquals(List.of("FIELD@0:compound", "DOT@8:.", "FIELD@9:labels", "OPERATOR@15:==",
                "VALUE@17:punctuated_value.foo-bar", "EOF@41"), tokens("compound.labels==punctuated_value.foo-bar"));
    }

    @Test
    void operatorIsTheWholeRunOfOperatorCharacters() {
        assertEquals(List.of("FIELD@0:a", "OPERATOR@1:=", "VALUE@2:b", "EOF@3"), tokens("a=b"));
        assertEquals(List.of("FIELD@0:a", "OPERATOR@1:==!~", "VALUE@5:b", "EOF@6"), tokens("a==!~b"));
    }

    @Test
    void unquotedRegexKeepsItsBackslashes() {
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:~=", "VALUE@6:[abc]\\+", "COMMA@13:,",
                "FIELD@14:foo", "OPERATOR@17:=", "VALUE@18:test", "EOF@22"), tokens("name~=[abc]\\+,foo=test"));
    }

    @Test
    void quotedRegexMayHoldCommasAndEscapedSlashes() {
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:~=", "QUOTED@6:/[abc]{0,2}/", "COMMA@18:,",
                "FIELD@19:foo", "OPERATOR@22:=", "VALUE@23:test", "EOF@27"), tokens("name~=/[abc]{0,2}/,foo=test"));
        assertEquals(List.of("FIELD@0:input", "OPERATOR@5:~=", "QUOTED@7:/foo\\/bar/", "EOF@17"),
                tokens("input~=/foo\\/bar/"));
        assertEquals(List.of("FIELD@0:input", "OPERATOR@5:~=", "QUOTED@7:|foo/bar|", "EOF@16"),
                tokens("input~=|foo/bar|"));
    }

    @Test
    void nonAsciiValuesAreOneToken() {
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:~=", "VALUE@6:牛", "COMMA@7:,", "FIELD@8:labels",
                "DOT@14:.", "FIELD@15:moo", "OPERATOR@18:=", "VALUE@19:true", "EOF@23"), tokens("name~=牛,labels.moo=true"));
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:~=", "QUOTED@6:|牛|", "EOF@9"), tokens("name~=|牛|"));
    }

    @Test
    void quotedTokenKeepsItsEscapesForTheParser() {
        assertEquals(List.of("FIELD@0:name", "OPERATOR@4:~=", "QUOTED@6:\"asdf\\n\\tfooo\"", "EOF@20"),
                tokens("name~=\"asdf\\n\\tfooo\""));
    }

    @Test
    void quotedFieldMayLeadTheFieldpath() {
        assertEquals(List.of("QUOTED@0:\"leading quote\"", "DOT@15:.", "FIELD@16:postquote", "OPERATOR@25:==",
                "VALUE@27:value", "EOF@32"), tokens("\"leading quote\".postquote==value"));
    }

    @Test
    void spacesAreSkippedBetweenTokens() {
        assertEquals(List.of("FIELD@0:foo", "OPERATOR@4:=", "VALUE@6:bar", "EOF@13"), tokens("foo = bar    "));
        assertEquals(List.of("FIELD@0:doublevalue", "OPERATOR@11:=", "VALUE@12:value", "FIELD@18:value", "EOF@23"),
                tokens("doublevalue=value value"));
    }

    @Test
    void missingValueLeavesTheCommaForTheParser() {
        assertEquals(List.of("FIELD@0:input", "OPERATOR@5:==", "COMMA@7:,", "FIELD@8:id", "OPERATOR@10:!=",
                "VALUE@12:ff", "EOF@14"), tokens("input==,id!=ff"));
        assertEquals(List.of("FIELD@0:interrupted", "OPERATOR@11:=", "EOF@12"), tokens("interrupted="));
    }

    @Test
    void characterThatStartsNoTokenIsScannedAlone() {
        assertEquals(List.of("FIELD@0:labels", "DOT@6:.", "OTHER@7:?", "FIELD@8:x", "EOF@9"), tokens("labels.?x"));
        assertEquals(List.of("FIELD@0:a", "OPERATOR@1:==", "OTHER@3:\u0007", "FIELD@4:b", "EOF@5"), tokens("a==\u0007b"));
    }

    @Test
    void controlCharacterEndsAnUnquotedValue() {
        assertEquals(List.of("FIELD@0:a", "OPERATOR@1:==", "VALUE@3:b", "OTHER@4:\u0007", "EOF@5"), tokens("a==b\u0007"));
    }

    @Test
    void unicodeSpacesAreSpacesAndUnicodeLettersAreNotFieldCharacters() {
        assertEquals(List.of("FIELD@1:a", "OPERATOR@2:==", "VALUE@5:b", "EOF@7"), tokens("\u3000a==\u00a0b\u2028"));
        assertEquals(List.of("OTHER@0:é", "EOF@1"), tokens("é"));
    }

    @Test
    void spaceTestFollowsUnicodeWhiteSpace() {
        for (int c : new int[] {' ', '\t', '\n', 0x0b, '\f', '\r', 0x85, 0xa0, 0x1680, 0x2000, 0x2028, 0x202f, 0x3000}) {
            assertTrue(Scanner.isSpace(c), Integer.toHexString(c));
        }
        for (int c : new int[] {'a', 0x1c, 0x1f, 0x200b, 0xfeff}) {
            assertFalse(Scanner.isSpace(c), Integer.toHexString(c));
        }
    }
}
