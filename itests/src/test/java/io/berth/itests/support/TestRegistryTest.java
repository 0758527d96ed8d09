package io.berth.itests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.itests.support.TestImages.Blob;
import io.berth.itests.support.TestImages.PushedImage;

/** The registry fixture serves what TestImages pushed, exactly as TestImages describes it. */
class TestRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode inspect(PushedImage image, String... flags) throws Exception {
        List<Object> command = new ArrayList<>(List.of(TestImages.SKOPEO, "inspect", "--tls-verify=false"));
        command.addAll(List.of(flags));
        command.add("docker://" + image.reference());
        return JSON.readTree(Command.run(command.toArray()).expectSuccess().out());
    }

    private static List<String> digests(List<Blob> blobs) {
        return blobs.stream().map(Blob::digest).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void smallImageIsServedAsReported() throws Exception {
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start()) {
            PushedImage image = TestImages.pushSmall(registry, "berth/small", "1");
            assertEquals(registry.host() + "/berth/small:1", image.reference());
            assertEquals(3, image.layers().size());

            JsonNode inspected = inspect(image);
            assertEquals(image.manifestDigest(), inspected.get("Digest").asText());
            assertEquals(digests(image.layers()), texts(inspected.get("Layers")));

            JsonNode raw = inspect(image, "--raw");
            assertEquals(image.config().digest(), raw.get("config").get("digest").asText());
            assertEquals(image.config().size(), raw.get("config").get("size").asLong());

            JsonNode config = inspect(image, "--config").get("config");
            assertEquals(List.of("/bin/sh", "-c"), texts(config.get("Entrypoint")));
            assertEquals(List.of("echo $GREETING from $PWD"), texts(config.get("Cmd")));
            assertEquals(List.of("PATH=/bin", "GREETING=hello"), texts(config.get("Env")));
            assertEquals("/data", config.get("WorkingDir").asText());

            Path copy = dir.resolve("copy");
            Command.run(TestImages.SKOPEO, "copy", "--quiet", "--src-tls-verify=false",
                    "docker://" + image.reference(), "dir:" + copy).expectSuccess();
            assertTrue(entries(copy, image.layers().get(0)).containsAll(List.of("bin/busybox", "bin/sh", "bin/sleep")));
            assertTrue(entries(copy, image.layers().get(1)).containsAll(List.of("data/obsolete", "data/empty/")));
            assertEquals(List.of("data/.wh.obsolete", "data/added"), entries(copy, image.layers().get(2)).stream()
                    .filter(entry -> entry.startsWith("data/") && !entry.equals("data/")).sorted().toList());
        }
    }

    /** The paths in a layer that skopeo copied into a {@code dir:} directory, as tar lists them. */
    private static List<String> entries(Path copy, Blob layer) throws Exception {
        Path file = copy.resolve(layer.digest().substring("sha256:".length()));
        return Command.run("tar", "-tzf", file).expectSuccess().out().lines()
                .map(entry -> entry.startsWith("./") ? entry.substring(2) : entry).toList();
    }

    @Test
    void largeImageHoldsItsSizeInIncompressibleLayers() throws Exception {
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start()) {
            PushedImage image = TestImages.pushLarge(registry, "berth/large", "6mb", 6);
            assertEquals(3, image.layers().size());
            long layerBytes = image.layers().stream().mapToLong(Blob::size).sum();
            assertTrue(layerBytes > 6L << 20, "random data does not shrink when gzipped: " + layerBytes);
            assertTrue(layerBytes < 7L << 20, "and the layers hold little else: " + layerBytes);
            assertEquals(image.manifestDigest(), inspect(image).get("Digest").asText());
        }
    }

    @Test
    void sameImagePushedTwiceKeepsItsDigests() throws Exception {
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start()) {
            PushedImage first = TestImages.pushSmall(registry, "berth/small", "a");
            PushedImage second = TestImages.pushSmall(registry, "berth/again", "b");
            assertEquals(first.blobs(), second.blobs());
            assertEquals(first.manifestDigest(), inspect(second).get("Digest").asText());
        }
    }

    @Test
    void closeStopsTheRegistryAndRemovesItsFiles() throws Exception {
        TestRegistry.assumeInstalled();
        TestRegistry registry = TestRegistry.start();
        Path files = registry.dir();
        int port = registry.port();
        assertTrue(Files.isDirectory(files));
        registry.close();

        assertFalse(Files.exists(files), files + " is removed");
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port));
            }
        }, "nothing listens on " + port + " any more");
    }
}
