package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.TypedValue;

class SqlContainerStoreTest {
    private static final String RUNC = "io.containerd.runc.v2";
    private static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    private static final TypedValue SPEC = typed(SPEC_TYPE, "{\"ociVersion\":\"1.1.0\"}");
    private static final TypedValue OTHER_SPEC = typed(SPEC_TYPE, "{\"ociVersion\":\"1.0.2\"}");

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

    private static TypedValue typed(String type, String value) {
        return new TypedValue(type, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(ErrorKind kind, Runnable action) {
        assertEquals(kind, assertThrows(BerthException.class, action::run).kind());
    }

    private static Container container(String id, Map<String, String> labels, String image, TypedValue spec,
                                       String snapshotter, String snapshotKey, Map<String, TypedValue> extensions) {
        return new Container(id, labels, image, RUNC, null, spec, snapshotter, snapshotKey, "", extensions, null,
                null);
    }

    private static Container plain(String id) {
        return container(id, Map.of(), "", SPEC, "", "", Map.of());
    }

    private Container create(String namespace, Container container) {
        return db.write(tx -> tx.containers().create(namespace, container));
    }

    private Container update(Container container, String... fieldPaths) {
        return db.write(tx -> tx.containers().update("a", container, List.of(fieldPaths)));
    }

    private Container get(String id) {
        return db.read(tx -> tx.containers().get("a", id));
    }

    @Test
    void createStoresEveryFieldAndBothTimesPerNamespace() {
        TypedValue options = typed("containerd.runc.v1.Options", "binary");
        Container created = create("a", new Container("c1", Map.of("k", "v", "empty", ""),
                "docker.io/library/busybox:latest", RUNC, options, SPEC, "overlayfs", "c1-snapshot", "sandbox-1",
                Map.of("ext", typed("example.com/Ext", "x"), "none", typed("example.com/None", "")), null, null));
        assertEquals("c1", created.id());
        assertEquals(Map.of("k", "v"), created.labels());
        assertEquals("docker.io/library/busybox:latest", created.image());
        assertEquals(RUNC, created.runtimeName());
        assertEquals(options.typeUrl(), created.runtimeOptions().typeUrl());
        assertArrayEquals(options.value(), created.runtimeOptions().value());
        assertEquals(SPEC_TYPE, created.spec().typeUrl());
        assertArrayEquals(SPEC.value(), created.spec().value());
        assertEquals("overlayfs", created.snapshotter());
        assertEquals("c1-snapshot", created.snapshotKey());
        assertEquals("sandbox-1", created.sandbox());
        assertArrayEquals(typed("", "x").value(), created.extensions().get("ext").value());
        assertArrayEquals(new byte[0], created.extensions().get("none").value());
        assertEquals(created.createdAt(), created.updatedAt());
        assertEquals("a", db.read(tx -> tx.namespaces().get("a")).name());

        Container plain = create("a", plain("c2"));
        assertNull(plain.runtimeOptions());
        assertEquals(List.of("c1", "c2"),
                db.read(tx -> tx.containers().list("a")).stream().map(Container::id).toList());
        assertEquals(List.of(), db.read(tx -> tx.containers().list("b")));
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.containers().get("b", "c1")));
        refused(ErrorKind.ALREADY_EXISTS, () -> create("a", plain("c1")));
        create("b", plain("c1"));
    }

    @Test
    void refusalsOfWhatAContainerLacksAreInContainerdsWords() {
        assertEquals("create container failed validation: container.Runtime.Name must be set",
                assertThrows(BerthException.class, () -> create("a", new Container("c", Map.of(), "", "", null, SPEC,
                        "", "", "", Map.of(), null, null))).getMessage());
        create("a", plain("c"));
        assertEquals("update failed validation: container.Snapshotter must be set if container.SnapshotKey is set",
                assertThrows(BerthException.class, () -> update(container("c", Map.of(), "", SPEC, "", "k", Map.of()),
                        "snapshotkey")).getMessage());
        assertEquals("cannot update \"runtime\" field on \"c\"",
                assertThrows(BerthException.class, () -> update(plain("c"), "runtime")).getMessage());
        assertEquals("container \"missing\": not found",
                assertThrows(BerthException.class, () -> update(plain("missing"), "labels")).getMessage());
    }

    @Test
    void createRefusesWhatContainerdRefuses() {
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", plain("")));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", plain("bad/id")));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", plain("x".repeat(77))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", new Container("c", Map.of(), "", "", null, SPEC, "", "",
                "", Map.of(), null, null)));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", container("c", Map.of(), "", null, "", "", Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", container("c", Map.of(), "", SPEC, "", "key", Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", container("c", Map.of("k", "v".repeat(5000)), "", SPEC,
                "", "", Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", container("c", Map.of(), "", SPEC, "", "",
                Map.of("", typed("t", "v")))));
        assertEquals(List.of(), db.read(tx -> tx.containers().list("a")));
    }

    @Test
    void updateWithFieldPathsChangesOnlyThoseParts() {
        Container created = create("a", container("c", Map.of("x", "1", "y", "2"), "old", SPEC, "overlayfs", "k1",
                Map.of("e", typed("t", "1"), "f", typed("t", "2"))));
        // A client may send only what its paths name: the runtime and snapshotter given do not matter then.
        Container wanted = new Container("c", Map.of("x", "9"), "new", "", null, OTHER_SPEC, "", "k2", "",
                Map.of("f", typed("t", "3")), null, null);

        Container labels = update(wanted, "labels.x", "labels.y");
        assertEquals(Map.of("x", "9"), labels.labels());
        assertEquals("old", labels.image());
        assertEquals(created.createdAt(), labels.createdAt());
        assertTrue(labels.updatedAt().isAfter(created.updatedAt()));

        // As in containerd, an extension path the update lacks writes an empty value: it removes nothing.
        Container extensions = update(wanted, "extensions.e", "extensions.f");
        assertEquals(Set.of("e", "f"), extensions.extensions().keySet());
        assertEquals("", extensions.extensions().get("e").typeUrl());
        assertArrayEquals(new byte[0], extensions.extensions().get("e").value());
        assertArrayEquals(typed("t", "3").value(), extensions.extensions().get("f").value());

        Container rest = update(wanted, "image", "spec", "snapshotkey");
        assertEquals("new", rest.image());
        assertArrayEquals(OTHER_SPEC.value(), rest.spec().value());
        assertEquals("k2", rest.snapshotKey());
        assertEquals(RUNC, rest.runtimeName());
        assertEquals("overlayfs", rest.snapshotter());

        Container replaced = update(new Container("c", Map.of("z", "3"), "", RUNC, null, SPEC, "overlayfs", "", "",
                Map.of("g", typed("t", "4")), null, null), "labels", "extensions");
        assertEquals(Map.of("z", "3"), replaced.labels());
        // containerd answers with the extensions the update names, and keeps those stored before too.
        assertEquals(Set.of("g"), replaced.extensions().keySet());
        Container stored = get("c");
        assertEquals(replaced.labels(), stored.labels());
        assertEquals(Set.of("e", "f", "g"), stored.extensions().keySet());
        assertArrayEquals(typed("t", "3").value(), stored.extensions().get("f").value());
        assertEquals(replaced.updatedAt(), stored.updatedAt());
        assertEquals(replaced.createdAt(), stored.createdAt());
    }

    @Test
    void updateWithoutFieldPathsReplacesWhatMayChange() {
        create("a", container("c", Map.of("x", "1"), "old", SPEC, "overlayfs", "k1", Map.of("e", typed("t", "1"))));
        Container replaced = update(container("c", Map.of("y", "2"), "new", OTHER_SPEC, "overlayfs", "", Map.of()));
        assertEquals(Map.of("y", "2"), replaced.labels());
        assertEquals("new", replaced.image());
        assertArrayEquals(OTHER_SPEC.value(), replaced.spec().value());
        assertEquals("k1", replaced.snapshotKey());
        assertEquals(Map.of(), replaced.extensions());
        assertEquals(Set.of("e"), get("c").extensions().keySet());
        assertEquals("k2", update(container("c", Map.of(), "", SPEC, "overlayfs", "k2", Map.of())).snapshotKey());

        refused(ErrorKind.INVALID_ARGUMENT, () -> update(container("c", Map.of(), "", SPEC, "native", "", Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(new Container("c", Map.of(), "", "io.containerd.runsc.v1",
                null, SPEC, "overlayfs", "", "", Map.of(), null, null)));
    }

    @Test
    void updateRefusesUnknownContainersPathsAndInvalidResults() {
        create("a", plain("c"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(plain(""), "labels"));
        refused(ErrorKind.NOT_FOUND, () -> update(plain("missing"), "labels"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(plain("c"), "runtime"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(plain("c"), "snapshotter"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(container("c", Map.of(), "", null, "", "", Map.of()), "spec"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(container("c", Map.of(), "", SPEC, "", "key", Map.of()),
                "snapshotkey"));
        refused(ErrorKind.INVALID_ARGUMENT, () -> update(container("c", Map.of("k", "v".repeat(5000)), "", SPEC, "",
                "", Map.of()), "labels.k"));
        assertEquals(plain("c").labels(), get("c").labels());
        assertEquals("", get("c").snapshotKey());
    }

    @Test
    void deleteRemovesTheContainerWithItsLabelsAndExtensions() {
        create("a", container("c", Map.of("k", "v"), "", SPEC, "", "", Map.of("e", typed("t", "1"))));
        create("a", plain("d"));
        db.write(tx -> {
            tx.containers().delete("a", "c");
            return null;
        });
        assertEquals(List.of("d"), db.read(tx -> tx.containers().list("a")).stream().map(Container::id).toList());
        Container again = create("a", plain("c"));
        assertEquals(Map.of(), again.labels());
        assertEquals(Map.of(), again.extensions());
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> {
            tx.containers().delete("a", "missing");
            return null;
        }));
    }

    @Test
    void aNamespaceWithContainersCannotBeDeleted() {
        create("a", plain("c"));
        refused(ErrorKind.FAILED_PRECONDITION, () -> db.write(tx -> {
            tx.namespaces().delete("a");
            return null;
        }));
    }
}
