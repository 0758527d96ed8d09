package io.berth.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginListingFormatTest {
    @Test
    void tableIsCtrsByteForByte() {
        StringWriter text = new StringWriter();
        PluginTable.print(new PrintWriter(text), SamplePlugins.all());
        assertEquals(SamplePlugins.ctrTable(), text.toString());
    }

    @Test
    void detailedLayoutIsCtrsByteForByte() {
        StringWriter text = new StringWriter();
        PluginDetails.print(new PrintWriter(text), SamplePlugins.all());
        assertEquals(SamplePlugins.ctrDetails(), text.toString());
    }

    @Test
    void noPluginsPrintsTheHeaderOnly() {
        StringWriter text = new StringWriter();
        PluginTable.print(new PrintWriter(text), List.of());
        assertEquals("TYPE    ID    PLATFORMS    STATUS    \n", text.toString());
    }
}
