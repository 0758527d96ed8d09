package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Image;

class SqlImageStoreTest {
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final Digest ROOT = Digest.compute(DigestAlgorithm.SHA256, "root".getBytes(StandardCharsets.UTF_8));
    private static final Digest OTHER = Digest.compute(DigestAlgorithm.SHA256, "other".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void refused(ErrorKind kind, Runnable action) {
        assertEquals(kind, assertThrows(BerthException.class, action::run).kind());
    }

    private static Image image(String name, Digest digest, Map<String, String> labels, Map<String, String> annotations) {
        return new Image(name, new Descriptor(INDEX, digest, 10, annotations), labels, null, null);
    }

    @Test
    void createStoresTheImageAndItsTimesPerNamespace() {
        Image created = db.write(tx -> tx.images().create("a", image("busybox", ROOT, Map.of("k", "v"), Map.of("x", "y"))));
        assertEquals(Map.of("k", "v"), created.labels());
        assertEquals(new Descriptor(INDEX, ROOT, 10, Map.of("x", "y")), created.target());
        assertEquals(created.createdAt(), created.updatedAt());
        assertEquals(created, db.read(tx -> tx.images().get("a", "busybox")));
        assertEquals("a", db.read(tx -> tx.namespaces().get("a")).name());
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.images().get("b", "busybox")));
        refused(ErrorKind.ALREADY_EXISTS, () -> db.write(tx -> tx.images().create("a", image("busybox", OTHER,
                Map.of(), Map.of()))));
    }

    @Test
    void aTargetIsRefusedInContainerdsWordsDigestFirstThenSizeThenMediaType() {
        assertEquals("Target.Digest \"\" invalid: invalid checksum digest format", refusal(new Image("i", null,
                Map.of(), null, null)));
        assertEquals("Target.Size must be greater than zero", refusal(new Image("i", new Descriptor("", ROOT, 0,
                Map.of()), Map.of(), null, null)));
        assertEquals("Target.MediaType must be set", refusal(new Image("i", new Descriptor("", ROOT, 10, Map.of()),
                Map.of(), null, null)));
    }

    private String refusal(Image image) {
        return assertThrows(BerthException.class, () -> db.write(tx -> tx.images().create("a", image))).getMessage();
    }

    @Test
    void createRefusesWhatContainerdRefuses() {
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().create("a",
                new Image("i", null, Map.of(), null, null))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().create("a", image("", ROOT, Map.of(),
                Map.of()))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().create("a",
                new Image("i", new Descriptor("", ROOT, 10, Map.of()), Map.of(), null, null))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().create("a",
                new Image("i", new Descriptor(INDEX, ROOT, 0, Map.of()), Map.of(), null, null))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().create("a", image("i", ROOT,
                Map.of("k", "v".repeat(5000)), Map.of()))));
    }

    @Test
    void updateFollowsTheFieldPaths() {
        Image created = db.write(tx -> tx.images().create("a", image("i", ROOT, Map.of("x", "1", "y", "2"),
                Map.of("p", "1", "q", "2"))));
        Image labels = db.write(tx -> tx.images().update("a", image("i", OTHER, Map.of("x", "9"), Map.of()),
                List.of("labels.x", "labels.y")));
        assertEquals(Map.of("x", "9"), labels.labels());
        assertEquals(created.target(), labels.target());
        assertEquals(created.createdAt(), labels.createdAt());
        assertTrue(labels.updatedAt().isAfter(created.updatedAt()));

        Image annotations = db.write(tx -> tx.images().update("a", image("i", OTHER, Map.of(), Map.of("q", "7")),
                List.of("annotations.p", "annotations.q")));
        assertEquals(new Descriptor(INDEX, ROOT, 10, Map.of("q", "7")), annotations.target());

        Image target = db.write(tx -> tx.images().update("a", image("i", OTHER, Map.of(), Map.of()),
                List.of("target")));
        assertEquals(new Descriptor(INDEX, OTHER, 10, Map.of()), target.target());
        assertEquals(Map.of("x", "9"), target.labels());

        Image all = db.write(tx -> tx.images().update("a", image("i", ROOT, Map.of("z", "3"), Map.of()), List.of()));
        assertEquals(Map.of("z", "3"), all.labels());
        assertEquals(ROOT, all.target().digest());

        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().update("a",
                image("i", ROOT, Map.of(), Map.of()), List.of("name"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().update("a",
                new Image("i", new Descriptor(INDEX, ROOT, 0, Map.of()), Map.of(), null, null), List.of("target"))));
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> tx.images().update("a",
                image("j", ROOT, Map.of(), Map.of()), List.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.images().update("a",
                new Image("i", null, Map.of(), null, null), List.of("target", "annotations"))));
        Image untargeted = db.write(tx -> tx.images().update("a", new Image("i", null, Map.of(), null, null),
                List.of("labels.z")));
        assertEquals(Map.of(), untargeted.labels());
        assertEquals(ROOT, untargeted.target().digest());
    }

    @Test
    void deleteRemovesTheImageWithItsLabels() {
        db.write(tx -> tx.images().create("a", image("i", ROOT, Map.of("k", "v"), Map.of("p", "1"))));
        db.write(tx -> tx.images().create("a", image("j", ROOT, Map.of(), Map.of())));
        db.write(tx -> {
            tx.images().delete("a", "i");
            return null;
        });
        assertEquals(List.of("j"), db.read(tx -> tx.images().list("a")).stream().map(Image::name).toList());
        db.write(tx -> tx.images().create("a", image("i", ROOT, Map.of(), Map.of())));
        assertEquals(Map.of(), db.read(tx -> tx.images().get("a", "i")).labels());
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> {
            tx.images().delete("a", "missing");
            return null;
        }));
    }
}
