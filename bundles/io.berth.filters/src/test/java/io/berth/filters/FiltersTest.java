package io.berth.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FiltersTest {

    /** An object as a List RPC would filter it: a name, an optional "other" and labels. */
    record Item(String name, String other, Map<String, String> labels) implements Adaptor {
        Item(String name) {
            this(name, "", Map.of());
        }

        Item(String name, Map<String, String> labels) {
            this(name, "", labels);
        }

        /** Empty strings count as absent, as containerd's adaptors do for proto fields. */
        @Override
        public Optional<String> field(List<String> fieldpath) {
            return switch (fieldpath.getFirst()) {
                case "name" -> Optional.of(name).filter(s -> !s.isEmpty());
                case "other" -> Optional.of(other).filter(s -> !s.isEmpty());
                case "labels" -> Optional.ofNullable(labels.get(String.join(".", fieldpath.subList(1, fieldpath.size()))));
                default -> Optional.empty();
            };
        }
    }

    static final Item FOO = new Item("foo", Map.of("foo", "true"));
    static final Item BAR = new Item("bar");
    static final Item FOO_COMPLEX = new Item("foo", Map.of("foo", "present", "more complex label", "present"));
    static final Item BAR_LABELLED = new Item("bar", Map.of("bar", "true"));
    static final Item FOOER = new Item("fooer", Map.of("with \\ and \"", "present"));
    static final Item FOOER_POST = new Item("fooer", Map.of("with \\ and \".post", "present"));
    static final Item BAZ = new Item("baz", "too complex, yo", Map.of());
    static final Item BAZO = new Item("bazo", "abc", Map.of());
    static final Item COMPOUND = new Item("compound", Map.of("foo", "omg_asdf.asdf-qwer"));
    static final Item EMPTY_LABEL = new Item("empty", Map.of("foo", ""));
    static final List<Item> CORPUS =
            List.of(FOO, BAR, FOO_COMPLEX, BAR_LABELLED, FOOER, FOOER_POST, BAZ, BAZO, COMPOUND, EMPTY_LABEL);

    static List<Item> select(Filter filter) {
        List<Item> out = new ArrayList<>();
        for (Item item : CORPUS) {
            if (filter.match(item)) {
                out.add(item);
            }
        }
        return out;
    }

    static List<Item> select(String filter) {
        return select(Filters.parse(filter));
    }

    /** The field path a single-selector filter asks its adaptor for. */
    static List<String> fieldpathOf(String filter) {
        List<List<String>> seen = new ArrayList<>();
        Filters.parse(filter).match(path -> {
            seen.add(path);
            return Optional.empty();
        });
        assertEquals(1, seen.size());
        return seen.getFirst();
    }

    /** The value a single {@code ==} selector compares with. */
    static boolean equalsValue(String filter, String value) {
        return Filters.parse(filter).match(path -> Optional.of(value));
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertEquals(CORPUS, select(""));
    }

    @Test
    void bareFieldpathMatchesWhenTheFieldIsPresent() {
        assertEquals(CORPUS, select("name"));
        assertEquals(List.of(FOO, FOO_COMPLEX, COMPOUND, EMPTY_LABEL), select("labels.foo"));
        assertEquals(List.of(BAZ, BAZO), select("other"));
    }

    @Test
    void bareFieldpathFailsForAnAbsentField() {
        assertEquals(List.of(), select("labels.nothere"));
        assertEquals(List.of(), select("unknown"));
    }

    @Test
    void equalMatchesTheExactValueOnly() {
        assertEquals(List.of(BAR, BAR_LABELLED), select("name==bar"));
        assertEquals(List.of(FOO), select("labels.foo==true"));
        assertEquals(List.of(), select("name==ba"));
    }

    @Test
    void equalNeverMatchesAnAbsentFieldEvenAgainstTheEmptyString() {
        assertEquals(List.of(EMPTY_LABEL), select("labels.foo==\"\""));
    }

    @Test
    void notEqualMatchesOtherValuesAndAbsentFields() {
        assertEquals(List.of(FOO, FOO_COMPLEX, FOOER, FOOER_POST, BAZ, BAZO, COMPOUND, EMPTY_LABEL),
                select("name!=bar"));
        assertEquals(List.of(BAR, FOO_COMPLEX, BAR_LABELLED, FOOER, FOOER_POST, BAZ, BAZO, COMPOUND, EMPTY_LABEL),
                select("labels.foo!=true"));
    }

    @Test
    void notEqualReadsAnAbsentFieldAsEmptyLikeContainerd() {
        assertEquals(List.of(FOO, FOO_COMPLEX, COMPOUND), select("labels.foo!=\"\""));
    }

    @Test
    void regexIsFoundAnywhereInTheValue() {
        assertEquals(List.of(FOO, FOO_COMPLEX, FOOER, FOOER_POST), select("name~=oo"));
        assertEquals(List.of(FOO, FOO_COMPLEX), select("name~=^foo$"));
    }

    @Test
    void regexReadsAnAbsentFieldAsEmptyLikeContainerd() {
        assertEquals(List.of(FOO, BAR, FOO_COMPLEX, BAR_LABELLED, FOOER, FOOER_POST, COMPOUND, EMPTY_LABEL),
                select("other~=^$"));
    }

    @Test
    void unquotedRegexIsTakenVerbatimBackslashesIncluded() {
        Filter filter = Filters.parse("name~=^[abc]\\+$");
        assertTrue(filter.match(path -> Optional.of("a+")));
        assertFalse(filter.match(path -> Optional.of("aa")));
    }

    @Test
    void regexQuotedWithSlashesMayHoldCommasBracesAndDoubleQuotes() {
        assertEquals(List.of(BAZ, BAZO), select("other~=/[abc]{1,2}/,name!=foo"));
        assertTrue(Filters.parse("other~=/a\"b,c/").match(path -> Optional.of("xa\"b,cx")));
    }

    @Test
    void regexQuotedWithSlashesTakesAnEscapedSlash() {
        Filter filter = Filters.parse("ref~=/^docker.io\\/library\\//");
        assertTrue(filter.match(path -> Optional.of("docker.io/library/busybox")));
    }

    @Test
    void regexQuotedWithPipesMayHoldSlashes() {
        Filter filter = Filters.parse("ref~=|^docker.io/library/|");
        assertTrue(filter.match(path -> Optional.of("docker.io/library/busybox")));
        assertFalse(filter.match(path -> Optional.of("ghcr.io/library/busybox")));
    }

    @Test
    void regexThatMatchesNothingInTheCorpusStillParses() {
        assertEquals(List.of(), select("other~=/[abc]{0,1}\"\\//,name!=foo"));
    }

    @Test
    void regexMayUseDoubleQuotesWithGoEscapes() {
        Filter filter = Filters.parse("name~=\"^a\\tb$\"");
        assertTrue(filter.match(path -> Optional.of("a\tb")));
    }

    @Test
    void commaJoinsSelectorsThatMustAllMatch() {
        assertEquals(List.of(FOO, FOO_COMPLEX, COMPOUND, EMPTY_LABEL), select("labels.foo,name"));
        assertEquals(List.of(BAR_LABELLED), select("name==bar,labels.bar"));
        assertEquals(List.of(BAR_LABELLED), select("name==bar,labels.bar==true"));
        assertEquals(List.of(), select("name==bar,labels.bar==wrong"));
    }

    @Test
    void parseAllMatchesWhenAnyFilterMatches() {
        Filter filter = Filters.parseAll(List.of("name==bar,labels.bar", "name==baz", "name==nothing"));
        assertEquals(List.of(BAR_LABELLED, BAZ), select(filter));
    }

    @Test
    void parseAllOfOneFilterIsThatFilter() {
        assertEquals(List.of(BAZ), select(Filters.parseAll(List.of("name==baz"))));
    }

    @Test
    void parseAllOfNoFiltersMatchesEverything() {
        assertEquals(CORPUS, select(Filters.parseAll(List.of())));
    }

    @Test
    void parseAllWithAnEmptyFilterMatchesEverything() {
        assertEquals(CORPUS, select(Filters.parseAll(List.of("name==baz", ""))));
    }

    @Test
    void quotedValueMayHoldCommasAndSpaces() {
        assertEquals(List.of(BAZ), select("other==\"too complex, yo\""));
    }

    @Test
    void quotedFieldMayHoldSpacesDotsBackslashesAndQuotes() {
        assertEquals(List.of(FOO_COMPLEX), select("name==foo,labels.\"more complex label\""));
        assertEquals(List.of(FOOER), select("labels.\"with \\\\ and \\\"\"==present"));
        assertEquals(List.of("labels", "a.b c"), fieldpathOf("labels.\"a.b c\"==x"));
    }

    @Test
    void quotedFieldMayBeFollowedByMoreFields() {
        assertEquals(List.of(FOOER_POST), select("labels.\"with \\\\ and \\\"\".post==present"));
        assertEquals(List.of("leading quote", "post"), fieldpathOf("\"leading quote\".post"));
    }

    @Test
    void fieldpathReachesTheAdaptorAsItsComponents() {
        assertEquals(List.of("labels", "io", "k8s"), fieldpathOf("labels.io.k8s==x"));
        assertEquals(List.of("labels", "io.k8s"), fieldpathOf("labels.\"io.k8s\"==x"));
    }

    @Test
    void fieldpathGivenToTheAdaptorCannotBeChanged() {
        List<String> fieldpath = fieldpathOf("labels.a");
        assertThrows(UnsupportedOperationException.class, () -> fieldpath.add("b"));
    }

    @Test
    void fieldNamesMayHoldDigitsUnderscoresAndDashesAndStartWithAny() {
        assertEquals(List.of("labels", "io-k8s_2", "9lives", "-x"), fieldpathOf("labels.io-k8s_2.9lives.-x"));
    }

    @Test
    void unquotedValueMayHoldDotsSlashesColonsAndOperatorCharacters() {
        assertEquals(List.of(COMPOUND), select("labels.foo==omg_asdf.asdf-qwer"));
        assertTrue(equalsValue("name==docker.io/library/x:1.0@sha256:ab=c!~|\"", "docker.io/library/x:1.0@sha256:ab=c!~|\""));
    }

    @Test
    void unquotedValueMayHoldAnyPrintableCharacter() {
        assertTrue(equalsValue("name==牛", "牛"));
        assertTrue(equalsValue("name==\uD83D\uDE00ok", "\uD83D\uDE00ok"));
        assertTrue(equalsValue("name==é", "é"));
    }

    @Test
    void singleQuotesAreNotQuotesAndStayInTheValue() {
        assertTrue(equalsValue("name=='x'", "'x'"));
    }

    @Test
    void spacesBetweenTokensAreIgnored() {
        assertEquals(List.of(BAR_LABELLED), select("  name == bar , labels . bar  "));
        assertEquals(List.of(BAR_LABELLED), select("\tname==bar,\nlabels.bar"));
    }

    @Test
    void quotedValueTakesGoEscapes() {
        assertTrue(equalsValue("v==\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"", "\u0007\b\f\n\r\t\u000b\\\""));
        assertTrue(equalsValue("v==\"\\101\\x42\\u0043\\U00000044\"", "ABCD"));
        assertTrue(equalsValue("v==\"\\xc3\\xa9\\u00e9\\U0001F600\"", "éé\uD83D\uDE00"));
    }

    @Test
    void filterIsReusableAcrossObjects() {
        Filter filter = Filters.parse("name~=^ba,other");
        assertEquals(List.of(BAZ, BAZO), select(filter));
        assertEquals(List.of(BAZ, BAZO), select(filter));
    }
}
