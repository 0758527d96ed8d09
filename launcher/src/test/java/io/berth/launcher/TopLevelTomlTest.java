package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopLevelTomlTest {
    @Test
    void readsTopLevelStringsUntilTheFirstTable() {
        String toml = """
                # Berth
                version = 3
                root = "/data/berth"   # persistent
                state='/run/b'
                disabled_plugins = [
                  "io.containerd.snapshotter.v1.btrfs",
                ]

                [grpc]
                address = "/run/other.sock"
                root = "/not/top/level"
                """;
        assertEquals(Map.of("root", "/data/berth", "state", "/run/b"), TopLevelToml.parse(toml));
    }

    @Test
    void understandsEscapesAndQuotedKeys() {
        String toml = """
                "quoted key" = "tab\\there \\"q\\" \\\\ \\u00e9"
                bare-key_1 = "x"
                """;
        assertEquals(Map.of("quoted key", "tab\there \"q\" \\ é", "bare-key_1", "x"), TopLevelToml.parse(toml));
    }

    @Test
    void skipsWhatItDoesNotRead() {
        String toml = """
                multi = \"\"\"
                text\"\"\"
                number = 1
                broken = "no end
                bad key = "v"
                """;
        assertEquals(Map.of(), TopLevelToml.parse(toml));
    }

    @Test
    void aMissingFileIsRefusedWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("config.toml");
        LauncherException refused = assertThrows(LauncherException.class, () -> TopLevelToml.read(missing));
        assertEquals("config file " + missing + " does not exist", refused.getMessage());
    }
}
