package io.berth.snapshots.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;

/**
 * The rules of the contract every snapshotter keeps, whatever its storage: kinds, parents, labels, walks,
 * refusals with their error kinds, and cleanup of unrecorded storage. {@link SnapshotterConformance} adds the
 * filesystem behaviour; extend that one.
 */
public abstract class SnapshotRulesConformance extends SnapshotterFixture {

    @Test
    void statDescribesKindParentAndLabels() throws IOException {
        snapshotter.prepare("base-active", "", Map.of("stage", "one"));
        Info active = snapshotter.stat("base-active");
        assertEquals(Kind.ACTIVE, active.kind());
        assertEquals("", active.parent());
        assertEquals(Map.of("stage", "one"), active.labels());

        snapshotter.commit("base", "base-active", Map.of("stage", "done"));
        Info committed = snapshotter.stat("base");
        assertEquals(Kind.COMMITTED, committed.kind());
        assertEquals(Map.of("stage", "done"), committed.labels());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("base-active")));

        snapshotter.view("look", "base", Map.of());
        Info view = snapshotter.stat("look");
        assertEquals(Kind.VIEW, view.kind());
        assertEquals("base", view.parent());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("absent")));
    }

    @Test
    void updateChangesLabelsByFieldPath() {
        snapshotter.prepare("labelled", "", Map.of("keep", "1", "change", "2", "drop", "3"));
        Info info = snapshotter.stat("labelled");

        Info changed = snapshotter.update(withLabels(info, Map.of("change", "two", "added", "4", "keep", "ignored")),
                List.of("labels.change", "labels.added", "labels.drop"));
        assertEquals(Map.of("keep", "1", "change", "two", "added", "4"), changed.labels());
        assertEquals(changed.labels(), snapshotter.stat("labelled").labels());

        assertEquals(Map.of("only", "this"),
                snapshotter.update(withLabels(info, Map.of("only", "this")), List.of("labels")).labels());
        assertEquals(Map.of("all", "replaced"),
                snapshotter.update(withLabels(info, Map.of("all", "replaced")), List.of()).labels());

        assertEquals(ErrorKind.INVALID_ARGUMENT,
                kindOf(() -> snapshotter.update(withLabels(info, Map.of()), List.of("parent"))));
        Info absent = new Info("absent", "", Kind.ACTIVE, Map.of("a", "b"), info.createdAt(), info.updatedAt());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.update(absent, List.of("labels.a"))));
    }

    @Test
    void walkVisitsEverySnapshotOrTheFilteredOnes() {
        snapshotter.prepare("base-active", "", Map.of());
        snapshotter.commit("base", "base-active", Map.of("tier", "bottom"));
        snapshotter.prepare("work", "base", Map.of("tier", "top"));
        snapshotter.view("look", "base", Map.of());

        assertEquals(List.of("base", "look", "work"), walked(info -> true));
        assertEquals(List.of("look"), walked(info -> info.kind() == Kind.VIEW));
        assertEquals(List.of("base"), walked(info -> "bottom".equals(info.labels().get("tier"))));
        assertEquals(List.of("look", "work"), walked(info -> info.parent().equals("base")));
    }

    @Test
    void mountsOfACommittedSnapshotAreRefused() {
        snapshotter.prepare("base-active", "", Map.of());
        snapshotter.commit("base", "base-active", Map.of());
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.mounts("base")));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.mounts("absent")));
    }

    @Test
    void aParentWithChildrenCannotBeRemoved() {
        snapshotter.prepare("base-active", "", Map.of());
        snapshotter.commit("base", "base-active", Map.of());
        snapshotter.prepare("child", "base", Map.of());
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.remove("base")));
        assertEquals(Kind.COMMITTED, snapshotter.stat("base").kind());

        snapshotter.remove("child");
        snapshotter.remove("base");
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("base")));
    }

    @Test
    void aRemovedKeyIsFreeAgain() throws IOException {
        snapshotter.prepare("reused", "", Map.of("round", "1"));
        Files.writeString(mount("reused").resolve("first"), "one");
        snapshotter.remove("reused");
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("reused")));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.remove("reused")));

        snapshotter.prepare("reused", "", Map.of("round", "2"));
        assertEquals(Map.of("round", "2"), snapshotter.stat("reused").labels());
        assertFalse(Files.exists(mount("reused").resolve("first")), "a new snapshot starts empty");
    }

    @Test
    void onlyActiveSnapshotsAreCommitted() {
        snapshotter.prepare("base-active", "", Map.of());
        snapshotter.commit("base", "base-active", Map.of());
        snapshotter.view("look", "base", Map.of());
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.commit("looked", "look", Map.of())));
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> snapshotter.commit("again", "base", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.commit("nothing", "absent", Map.of())));

        snapshotter.prepare("second-active", "", Map.of());
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> snapshotter.commit("base", "second-active", Map.of())));
        assertEquals(Kind.ACTIVE, snapshotter.stat("second-active").kind());
    }

    @Test
    void anUnknownParentIsNotFound() {
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.prepare("orphan", "absent", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.view("orphan", "absent", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("orphan")));
    }

    @Test
    void aParentThatIsNotCommittedIsAnInvalidArgumentAsInContainerd() {
        snapshotter.prepare("active", "", Map.of());
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> snapshotter.prepare("child", "active", Map.of())));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> snapshotter.view("child", "active", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("child")));
    }

    @Test
    void aTakenKeyIsAlreadyExists() {
        snapshotter.prepare("taken", "", Map.of("first", "yes"));
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> snapshotter.prepare("taken", "", Map.of())));
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> snapshotter.view("taken", "", Map.of())));
        snapshotter.commit("committed", "taken", Map.of());
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> snapshotter.prepare("committed", "", Map.of())));
    }

    @Test
    void cleanupRemovesStorageNoRecordAccountsFor() throws IOException {
        snapshotter.prepare("kept-active", "", Map.of());
        Files.writeString(mount("kept-active").resolve("kept"), "still here");
        Path leftover = leaveUnrecordedStorage();
        assertTrue(Files.exists(leftover));

        snapshotter.cleanup();

        assertFalse(Files.exists(leftover), leftover + " was left behind");
        assertEquals("still here", Files.readString(mount("kept-active").resolve("kept")));
    }

    private List<String> walked(Predicate<Info> filter) {
        List<String> names = new ArrayList<>();
        snapshotter.walk(filter, info -> names.add(info.name()));
        return names.stream().sorted().toList();
    }

    private static Info withLabels(Info info, Map<String, String> labels) {
        return new Info(info.name(), info.parent(), info.kind(), labels, info.createdAt(), info.updatedAt());
    }
}
