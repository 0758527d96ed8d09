package io.berth.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.Namespace;
import io.berth.api.metadata.TypedValue;
import io.berth.content.local.LocalContentStore;
import io.berth.metadata.sqlite.SqliteDatabase;

/** The berth:* metadata commands on the real SQLite metadata store and the real local content store. */
class MetadataCommandsTest {
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest STORED = Digest.compute(DigestAlgorithm.SHA256, BLOB);
    private static final Digest UNSTORED = Digest.compute(DigestAlgorithm.SHA256, "elsewhere".getBytes(StandardCharsets.UTF_8));
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    private static final String SPEC = "{\"ociVersion\":\"1.0.2-dev\"}";

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private MetadataCommands commands;

    @BeforeEach
    void openStores() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        LocalContentStore content = new LocalContentStore(dir.resolve("content"));
        try (ContentWriter writer = content.writer("blob", BLOB.length, STORED)) {
            writer.write(BLOB);
            writer.commit(BLOB.length, STORED);
        }
        metadata.write(tx -> {
            tx.namespaces().create(new Namespace("team", Map.of("owner", "me", "a", "1")));
            tx.contents().add("team", STORED, BLOB.length, Map.of("k", "v"));
            tx.contents().add("team", UNSTORED, 9, Map.of());
            tx.images().create("team", new Image("registry.test/app:1",
                    new Descriptor(MANIFEST, STORED, BLOB.length, Map.of("note", "x")), Map.of("tier", "web"), null, null));
            tx.containers().create("team", new Container("web", Map.of("b", "2", "a", "1"), "registry.test/app:1",
                    "io.containerd.runc.v2", null, new TypedValue(SPEC_TYPE, SPEC.getBytes(StandardCharsets.UTF_8)),
                    "overlayfs", "web", "", Map.of("x", new TypedValue("t", null)), null, null));
            tx.containers().create("team", new Container("bare", Map.of(), "", "io.containerd.runc.v2", null,
                    new TypedValue(SPEC_TYPE, null), "", "", "", Map.of(), null, null));
            return null;
        });
        commands = new MetadataCommands(metadata, content);
    }

    @AfterEach
    void closeStores() {
        metadata.close();
    }

    @Test
    void namespacesListsEachWithSortedLabels() {
        assertEquals("""
                NAME    LABELS
                team    a=1,owner=me""", commands.namespaces());
    }

    @Test
    void contentListsTheBlobsOfOneNamespaceOnly() {
        List<String> lines = commands.content("team").lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("DIGEST"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(STORED + "    11    ") && l.endsWith("    k=v")),
                String.join("\n", lines));
        assertEquals("DIGEST    SIZE    CREATED    LABELS", commands.content("default"));
    }

    @Test
    void contentWithADigestSaysWhetherTheStoreHoldsIt() {
        String stored = commands.content("team", STORED.toString());
        assertTrue(stored.contains("Labels:    k=v"), stored);
        assertTrue(stored.endsWith("Stored:    yes, 11 bytes"), stored);
        assertTrue(commands.content("team", UNSTORED.toString()).endsWith("Stored:    no"));
    }

    @Test
    void contentOfAnUnreferencedOrBadDigestIsRefused() {
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> commands.content("default", STORED.toString())).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(BerthException.class, () -> commands.content("team", "sha256:xyz")).kind());
    }

    @Test
    void imagesListsAndShowsOne() {
        assertEquals("REF                    TYPE" + " ".repeat(MANIFEST.length()) + "DIGEST"
                + " ".repeat(STORED.toString().length() - 2) + "LABELS\n"
                + "registry.test/app:1    " + MANIFEST + "    " + STORED + "    tier=web", commands.images("team"));
        String image = commands.images("team", "registry.test/app:1");
        assertTrue(image.contains("Digest:      " + STORED + "\nSize:        11\n"), image);
        assertTrue(image.endsWith("Labels:      tier=web\nAnnotations: note=x"), image);
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> commands.images("team", "absent:1")).kind());
    }

    @Test
    void containersListsAndShowsOne() {
        assertEquals("""
                CONTAINER    IMAGE                  RUNTIME                  SNAPSHOT         LABELS
                bare         -                      io.containerd.runc.v2    -                -
                web          registry.test/app:1    io.containerd.runc.v2    overlayfs/web    a=1,b=2""",
                commands.containers("team"));
        assertEquals("CONTAINER    IMAGE    RUNTIME    SNAPSHOT    LABELS", commands.containers("default"));
        String web = commands.containers("team", "web");
        assertTrue(web.startsWith("ID:          web\nImage:       registry.test/app:1\n"
                + "Runtime:     io.containerd.runc.v2\nSnapshot:    overlayfs/web\nSandbox:     -\n"), web);
        assertTrue(web.endsWith("Labels:      a=1,b=2\nExtensions:  x\nSpec:        " + SPEC), web);
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> commands.containers("default", "web")).kind());
    }
}
