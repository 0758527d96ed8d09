package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.SnapshotRecord;
import io.berth.api.metadata.SnapshotRecords;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;

class SqlSnapshotRecordsTest {
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

    private <T> T write(Function<SnapshotRecords, T> work) {
        return db.write(tx -> work.apply(tx.snapshotRecords("native")));
    }

    private static void refused(ErrorKind kind, Runnable action) {
        assertEquals(kind, assertThrows(BerthException.class, action::run).kind());
    }

    /** base committed, layer committed on it, then an active container snapshot on layer. */
    private void chain() {
        write(records -> {
            records.create("base-key", "", Kind.ACTIVE, Map.of());
            records.commit("base-key", "base", Map.of());
            records.create("layer-key", "base", Kind.ACTIVE, Map.of());
            records.commit("layer-key", "layer", Map.of("k", "v"));
            return records.create("container", "layer", Kind.ACTIVE, Map.of("role", "rw"));
        });
    }

    @Test
    void snapshotsGetFreshIdsKeptThroughCommitAndParentChainsNearestFirst() {
        chain();
        SnapshotRecord container = write(records -> records.get("container"));
        assertEquals(3, container.id());
        assertEquals(new Info("container", "layer", Kind.ACTIVE, Map.of("role", "rw"),
                container.info().createdAt(), container.info().updatedAt()), container.info());
        assertEquals(List.of(2L, 1L), write(records -> records.parentIds("container")));
        assertEquals(List.of(), write(records -> records.parentIds("base")));
        SnapshotRecord layer = write(records -> records.get("layer"));
        assertEquals(2, layer.id());
        assertEquals(Kind.COMMITTED, layer.info().kind());
        assertEquals(Map.of("k", "v"), layer.info().labels());
        refused(ErrorKind.NOT_FOUND, () -> write(records -> records.get("layer-key")));
        refused(ErrorKind.NOT_FOUND, () -> write(records -> records.parentIds("layer-key")));
        assertEquals(List.of("base", "layer", "container"),
                write(records -> records.list()).stream().map(r -> r.info().name()).toList());
    }

    @Test
    void aCommitOntoAnotherParentRecordsThatParentAndRefusesAMissingOrActiveOne() {
        chain();
        write(records -> records.create("loose", "", Kind.ACTIVE, Map.of()));
        refused(ErrorKind.NOT_FOUND, () -> write(records -> records.commit("loose", "rebased", Map.of(), "nothing")));
        refused(ErrorKind.INVALID_ARGUMENT,
                () -> write(records -> records.commit("loose", "rebased", Map.of(), "container")));
        assertEquals(Kind.ACTIVE, write(records -> records.get("loose")).info().kind(), "a refused rebase changes nothing");

        SnapshotRecord rebased = write(records -> records.commit("loose", "rebased", Map.of(), "layer"));
        assertEquals("layer", rebased.info().parent());
        assertEquals(Kind.COMMITTED, rebased.info().kind());
        assertEquals(List.of(2L, 1L), write(records -> records.parentIds("rebased")));
        refused(ErrorKind.FAILED_PRECONDITION, () -> write(records -> records.remove("layer")));
    }

    @Test
    void recordsAreEachSnapshottersOwn() {
        chain();
        assertEquals(List.of(), db.read(tx -> tx.snapshotRecords("overlayfs").list()));
        SnapshotRecord first = db.write(tx -> tx.snapshotRecords("overlayfs").create("container", "", Kind.VIEW,
                Map.of()));
        assertEquals(1, first.id());
    }

    @Test
    void wrongCreatesAndCommitsAreRefused() {
        chain();
        refused(ErrorKind.ALREADY_EXISTS, () -> write(records -> records.create("layer", "", Kind.ACTIVE, Map.of())));
        refused(ErrorKind.NOT_FOUND, () -> write(records -> records.create("x", "missing", Kind.ACTIVE, Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT,
                () -> write(records -> records.create("x", "container", Kind.VIEW, Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(records -> records.create("", "", Kind.ACTIVE, Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(records -> records.create("x", "", Kind.COMMITTED, Map.of())));
        write(records -> records.create("view", "layer", Kind.VIEW, Map.of()));
        refused(ErrorKind.FAILED_PRECONDITION, () -> write(records -> records.commit("view", "v2", Map.of())));
        refused(ErrorKind.ALREADY_EXISTS, () -> write(records -> records.commit("container", "base", Map.of())));
        refused(ErrorKind.NOT_FOUND, () -> write(records -> records.commit("nope", "n", Map.of())));
    }

    @Test
    void aSnapshotWithChildrenCannotBeRemovedAndIdsAreNeverReused() {
        chain();
        BerthException busy = assertThrows(BerthException.class, () -> write(records -> records.remove("layer")));
        assertEquals(ErrorKind.FAILED_PRECONDITION, busy.kind());
        assertTrue(busy.getMessage().contains("container"), busy.getMessage());
        assertEquals(3, write(records -> records.remove("container")).id());
        write(records -> records.remove("layer"));
        assertEquals(4, write(records -> records.create("again", "base", Kind.ACTIVE, Map.of())).id());
    }

    @Test
    void labelsChangeByFieldPath() {
        chain();
        Info layer = write(records -> records.get("layer")).info();
        Info one = write(records -> records.update(new Info("layer", "", Kind.COMMITTED, Map.of("n", "1"),
                null, null), List.of("labels.n")));
        assertEquals(Map.of("k", "v", "n", "1"), one.labels());
        Info all = write(records -> records.update(new Info("layer", "", Kind.COMMITTED, Map.of("x", "y"),
                null, null), List.of()));
        assertEquals(Map.of("x", "y"), all.labels());
        assertEquals(layer.createdAt(), all.createdAt());
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(records -> records.update(new Info("layer", "", Kind.COMMITTED,
                Map.of(), null, null), List.of("parent"))));
    }
}
