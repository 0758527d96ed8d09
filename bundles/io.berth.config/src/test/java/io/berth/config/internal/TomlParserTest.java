package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TomlParserTest {

    @Test
    void syntaxErrorNamesFileAndLine() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new TomlParser().parse("""
                version = 3

                [grpc
                address = "/run/berth/berth.sock"
                """, "/etc/berth/config.toml"));
        assertEquals("/etc/berth/config.toml:3:6: Newline not permitted here", e.getMessage());
    }

    @Test
    void emptyTextIsAnEmptyTable() throws Exception {
        assertEquals(0, new TomlParser().parse("", "config.toml").size());
    }

    @Test
    void duplicateKeyNamesFileAndLine() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new TomlParser().parse("""
                [debug]
                level = "info"
                level = "debug"
                """, "config.toml"));
        assertEquals("config.toml:3: Duplicate key", e.getMessage());
    }
}
