package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelArgsTest {
    @Test
    void aBareKeyHasAnEmptyValueAndOnlyTheFirstEqualsSplits() {
        assertEquals(Map.of("a", "1", "b", "", "c", "x=y"), LabelArgs.parse(List.of("a=1", "b", "c=x=y")));
    }

    @Test
    void labelsAreSortedAsTextLikeCtrSortsThem() {
        // "a.b=2" sorts before "a=1" because '.' comes before '='.
        assertEquals("a.b=2,a=1,b=3", LabelArgs.format(Map.of("b", "3", "a", "1", "a.b", "2")));
        assertEquals("-", LabelArgs.formatOrDash(Map.of()));
    }
}
