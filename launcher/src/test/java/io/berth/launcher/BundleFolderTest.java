package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFolderTest {
    @TempDir
    Path home;

    @Test
    void listsJarsByNameFolderAfterFolderWithTheirStamps() throws IOException {
        Path bundle = Files.createDirectories(home.resolve("bundle"));
        Files.writeString(bundle.resolve("b.jar"), "bb");
        Files.writeString(bundle.resolve("a.jar"), "a");
        Files.writeString(bundle.resolve("notes.txt"), "not a bundle");
        Files.createDirectories(bundle.resolve("dir.jar"));
        Path console = Files.createDirectories(bundle.resolve("console"));
        Files.writeString(console.resolve("0-gogo.jar"), "ggg");
        Files.setLastModifiedTime(bundle.resolve("a.jar"), FileTime.fromMillis(1_000));

        var jars = BundleFolder.scan(bundle, console, home.resolve("missing"));

        assertEquals(List.of(location(bundle, "a.jar"), location(bundle, "b.jar"), location(console, "0-gogo.jar")),
                List.copyOf(jars.keySet()));
        assertEquals(new FileStamp(1, 1_000), jars.get(location(bundle, "a.jar")));
        assertEquals(3, jars.get(location(console, "0-gogo.jar")).size());
    }

    @Test
    void locationsAreFileUrisThatSurviveOddNames() {
        String location = BundleFolder.location(Path.of("/opt/my berth/bundle/a#1.jar"));
        assertEquals("file:/opt/my%20berth/bundle/a%231.jar", location);
        assertEquals(Path.of("/opt/my berth/bundle/a#1.jar"), Path.of(java.net.URI.create(location)));
    }

    @Test
    void stampsSurviveARoundTripThroughTheirFile() throws IOException {
        Path file = home.resolve("berth.deployed");
        assertEquals(Map.of(), DeployedStamps.read(file));
        Map<String, FileStamp> stamps = Map.of("file:/a.jar", new FileStamp(1, 2), "file:/b%20c.jar", new FileStamp(3, 4));
        DeployedStamps.write(file, stamps);
        assertEquals(stamps, DeployedStamps.read(file));
        try (var files = Files.list(home)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    private static String location(Path folder, String name) {
        return "file:" + folder.resolve(name).toAbsolutePath();
    }
}
