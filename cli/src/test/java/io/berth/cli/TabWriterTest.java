package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Expected outputs are those of Go's text/tabwriter with minwidth 4, padding 4 and ' ' padding. */
class TabWriterTest {
    private final StringWriter text = new StringWriter();
    private final TabWriter writer = new TabWriter(new PrintWriter(text), 4, 4);

    @Test
    void columnIsWidestCellPlusPadding() {
        writer.println("a\tlonger\t");
        writer.println("abcdef\tb\t");
        writer.flush();
        assertEquals("a         longer    \nabcdef    b         \n", text.toString());
    }

    @Test
    void narrowColumnGetsTheMinimumWidth() {
        writer.println("\tx");
        writer.flush();
        assertEquals("    x\n", text.toString());
    }

    @Test
    void textAfterTheLastTabIsNotPadded() {
        writer.println("key:\t value that is long");
        writer.println("k:\t v");
        writer.flush();
        assertEquals("key:     value that is long\nk:       v\n", text.toString());
    }

    @Test
    void lineWithoutTabsEndsTheColumnBlock() {
        writer.println("a\tb");
        writer.println("plain");
        writer.println("abcdefgh\tc");
        writer.flush();
        assertEquals("a    b\nplain\nabcdefgh    c\n", text.toString());
    }

    @Test
    void innerColumnIsSizedOnlyOverLinesThatHaveIt() {
        writer.println("Type:\t x");
        writer.println("\t Code:\t y");
        writer.println("\t LongerLabel:\t z");
        writer.println("ID:\t w");
        writer.flush();
        assertEquals("""
                Type:     x
                          Code:            y
                          LongerLabel:     z
                ID:       w
                """, text.toString());
    }

    @Test
    void widthCountsCharactersNotBytes() {
        writer.println("µs\tx\t");
        writer.println("ms\ty\t");
        writer.flush();
        assertEquals("µs    x    \nms    y    \n", text.toString());
    }

    @Test
    void tabPaddingFillsToTheNextTabStopPastTheColumnWidth() {
        // ctr content ls (minwidth 1, tabwidth 8, padding 1, '\t'), as ctr 1.6 printed it.
        TabWriter tabs = TabWriter.padWithTabs(new PrintWriter(text), 1, 8, 1);
        String digest = "sha256:" + "2f".repeat(32);
        tabs.println("DIGEST\tSIZE\tAGE\tLABELS");
        tabs.println(digest + "\t3MB\tLess than a second\tfoo=bar");
        tabs.flush();
        assertEquals("DIGEST\t\t\t\t\t\t\t\t\tSIZE\tAGE\t\t\tLABELS\n"
                + digest + "\t3MB\tLess than a second\tfoo=bar\n", text.toString());
    }
}
