package io.berth.content.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.Status;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** The ingest half of the conformance suite: resumable, locked, verified writes. */
public abstract class IngestConformance extends ContentStoreFixture {

    @Test
    void aClosedWriterResumesAtItsOffset() {
        byte[] data = bytes(1 << 20, 20);
        Digest digest = sha256(data);
        try (ContentWriter first = store.writer("resume", data.length, digest)) {
            first.write(data, 0, data.length / 2);
        }
        assertEquals(data.length / 2, store.status("resume").offset());
        try (ContentWriter second = store.writer("resume", data.length, digest)) {
            assertEquals(data.length / 2, second.offset());
            assertEquals(sha256(slice(data, 0, data.length / 2)), second.digest());
            second.write(data, data.length / 2, data.length - data.length / 2);
            second.commit(data.length, digest);
        }
        assertArrayEquals(data, readAll(digest));
    }

    @Test
    void aSecondWriterOfTheSameRefIsUnavailable() {
        try (ContentWriter first = store.writer("locked", 0, null)) {
            BerthException e = assertThrows(BerthException.class,
                    () -> store.writer("locked", 0, null));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            first.write(bytes(10, 21));
        }
        try (ContentWriter again = store.writer("locked", 0, null)) {
            assertEquals(10, again.offset());
        }
    }

    @Test
    void aWrongDigestCommitsNothingAndKeepsTheIngest() {
        byte[] data = bytes(500, 22);
        Digest claimed = sha256(bytes(500, 23));
        ContentWriter writer = store.writer("wrong-digest", 0, null);
        writer.write(data);
        BerthException e = assertThrows(BerthException.class,
                () -> writer.commit(data.length, claimed));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("unexpected commit digest " + sha256(data) + ", expected " + claimed),
                e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(claimed)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(sha256(data))));
        assertEquals(data.length, store.status("wrong-digest").offset());
        try (ContentWriter retry = store.writer("wrong-digest", 0, null)) {
            assertEquals(data.length, retry.offset());
            retry.commit(data.length, sha256(data));
        }
        assertArrayEquals(data, readAll(sha256(data)));
    }

    @Test
    void theDigestAnnouncedAtOpeningIsVerifiedAtCommit() {
        Digest claimed = sha256(bytes(100, 24));
        ContentWriter writer = store.writer("announced", 0, claimed);
        writer.write(bytes(100, 25));
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.commit(0, null)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(claimed)));
    }

    @Test
    void aWrongSizeCommitsNothing() {
        byte[] data = bytes(300, 26);
        ContentWriter writer = store.writer("wrong-size", 0, null);
        writer.write(data);
        BerthException e = assertThrows(BerthException.class,
                () -> writer.commit(301, sha256(data)));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("unexpected commit size 300, expected 301"), e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(sha256(data))));
    }

    @Test
    void aShortWriteCommitsNothing() {
        byte[] data = bytes(1000, 27);
        ContentWriter writer = store.writer("short", data.length, sha256(data));
        writer.write(data, 0, 999);
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.commit(0, null)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(sha256(data))));
        assertEquals(999, store.status("short").offset());
    }

    /** As in containerd: the bytes are taken, and the commit refuses the size, naming both sizes. */
    @Test
    void writesBeyondTheAnnouncedSizeAreRefusedAtCommit() {
        ContentWriter writer = store.writer("oversized", 10, null);
        writer.write(bytes(6, 28));
        writer.write(bytes(5, 29));
        assertEquals(11, writer.offset());
        BerthException e = assertThrows(BerthException.class, () -> writer.commit(0, null));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("unexpected commit size 11, expected 10"), e.getMessage());
        assertEquals(11, store.status("oversized").offset());
    }

    @Test
    void aCommittedWriterTakesNoMoreWrites() {
        ContentWriter writer = store.writer("ended", 0, null);
        writer.write(bytes(10, 30));
        writer.commit(0, null);
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.write(bytes(1, 31))));
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.commit(0, null)));
        writer.close();
    }

    @Test
    void truncateStartsTheIngestOver() {
        byte[] data = bytes(50, 32);
        try (ContentWriter writer = store.writer("truncate", 0, null)) {
            writer.write(bytes(70, 33));
            assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> writer.truncate(5)));
            writer.truncate(0);
            assertEquals(0, writer.offset());
            writer.write(data);
            writer.commit(data.length, sha256(data));
        }
        assertArrayEquals(data, readAll(sha256(data)));
    }

    @Test
    void abortRemovesTheIngest() {
        ContentWriter writer = store.writer("abort", 0, null);
        writer.write(bytes(10, 34));
        assertEquals(ErrorKind.UNAVAILABLE, kindOf(() -> store.abort("abort")));
        writer.close();
        store.abort("abort");
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.status("abort")));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.abort("abort")));
        try (ContentWriter fresh = store.writer("abort", 0, null)) {
            assertEquals(0, fresh.offset());
        }
    }

    @Test
    void statusReportsTheWritersProgress() {
        Digest expected = sha256(bytes(40, 35));
        try (ContentWriter writer = store.writer("progress", 40, expected)) {
            writer.write(bytes(15, 36));
            Status status = writer.status();
            assertEquals("progress", status.ref());
            assertEquals(15, status.offset());
            assertEquals(40, status.total());
            assertEquals(Optional.of(expected), status.expected());
            assertFalse(status.updatedAt().isBefore(status.startedAt()));
        }
        Status stored = store.status("progress");
        assertEquals(15, stored.offset());
        assertEquals(40, stored.total());
    }

    @Test
    void listStatusesShowsOpenIngestsOnly() {
        try (ContentWriter a = store.writer("list-a", 0, null); ContentWriter b = store.writer("list-b", 0, null)) {
            a.write(bytes(3, 37));
            b.write(bytes(4, 38));
            b.commit(0, null);
        }
        try (ContentWriter c = store.writer("list-c", 0, null)) {
            c.write(bytes(5, 39));
        }
        assertEquals(List.of("list-a", "list-c"), refs(store.listStatuses(status -> true)));
        List<Status> onlyC = store.listStatuses(status -> status.field(List.of("ref")).equals(Optional.of("list-c")));
        assertEquals(List.of("list-c"), refs(onlyC));
        assertEquals(5, onlyC.getFirst().offset());
    }

    @Test
    void cleanupRemovesIdleIngestsOlderThanTheCutOffUnlessKept() {
        try (ContentWriter old = store.writer("idle", 0, null)) {
            old.write(bytes(5, 40));
        }
        try (ContentWriter kept = store.writer("kept", 0, null)) {
            kept.write(bytes(5, 42));
        }
        assertEquals(0, store.cleanupIngests(Instant.EPOCH, ref -> false));
        assertEquals(List.of("idle", "kept"), refs(store.listStatuses(status -> true)));
        try (ContentWriter active = store.writer("active", 0, null)) {
            active.write(bytes(5, 41));
            assertEquals(1, store.cleanupIngests(Instant.now().plusSeconds(3600), ref -> ref.equals("kept")));
            assertEquals(List.of("active", "kept"), refs(store.listStatuses(status -> true)));
        }
    }

    @Test
    void anEmptyRefIsInvalid() {
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> store.writer("", 0, null)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> store.writer("negative", -1, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../outside", "/etc/passwd", "a/../../../b", "..", "../", "/", "x/\u0000/y",
        "../../store/blobs/sha256/0000"})
    void hostileRefsStayInsideTheStore(String ref) throws IOException {
        byte[] data = bytes(32, ref.hashCode());
        try (ContentWriter writer = store.writer(ref, 0, null)) {
            writer.write(data);
        }
        assertEquals(ref, store.status(ref).ref());
        assertEquals(List.of(ref), refs(store.listStatuses(status -> true)));
        try (ContentWriter writer = store.writer(ref, 0, null)) {
            writer.commit(data.length, sha256(data));
        }
        assertArrayEquals(data, readAll(sha256(data)));
        try (Stream<Path> entries = Files.list(workspace)) {
            assertEquals(List.of(root()), entries.toList());
        }
        try (Stream<Path> files = Files.walk(root())) {
            assertTrue(files.allMatch(path -> path.normalize().startsWith(root())));
        }
    }
}
