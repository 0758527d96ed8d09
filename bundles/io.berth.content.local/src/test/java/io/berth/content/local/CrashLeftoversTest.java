package io.berth.content.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.errors.ErrorKind;
import io.berth.content.testsuite.ContentStoreFixture;

/** What a daemon killed at any point leaves behind is ignored, resumed or cleaned, never taken for content. */
class CrashLeftoversTest extends ContentStoreFixture {
    @Override
    protected ContentStore create(Path root) throws Exception {
        return new LocalContentStore(root);
    }

    private Path ingest(String ref) {
        return root().resolve("ingest").resolve(Layout.ingestName(ref));
    }

    @Test
    void aWriterThatWasNeverClosedResumesAfterARestart() throws Exception {
        byte[] data = bytes(200_000, 1);
        ContentWriter killed = store.writer("killed", data.length, null);
        killed.write(data, 0, 150_000);
        ContentStore restarted = create(root());
        try (ContentWriter writer = restarted.writer("killed", data.length, null)) {
            assertEquals(150_000, writer.offset());
            writer.write(data, 150_000, 50_000);
            writer.commit(data.length, sha256(data));
        }
        assertEquals(data.length, restarted.info(sha256(data)).size());
    }

    @Test
    void abortsInterruptedHalfwayAreRemovedAtStartAndNeverListed() throws Exception {
        try (ContentWriter writer = store.writer("aborting", 0, null)) {
            writer.write(bytes(10, 2));
        }
        Path aside = ingest("aborting").resolveSibling(Layout.ingestName("aborting") + ".0f00.tmp");
        Files.move(ingest("aborting"), aside);
        assertEquals(List.of(), store.listStatuses(status -> true));
        create(root());
        assertFalse(Files.exists(aside));
    }

    @Test
    void anIngestWhoseDataWasAlreadyCommittedIsNotListedAndStartsOver() throws IOException {
        try (ContentWriter writer = store.writer("renamed", 0, null)) {
            writer.write(bytes(10, 3));
        }
        // As if the daemon died between the rename into blobs/ and the removal of the ingest.
        Files.delete(ingest("renamed").resolve("data"));
        assertEquals(List.of(), store.listStatuses(status -> true));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.status("renamed")));
        try (ContentWriter writer = store.writer("renamed", 0, null)) {
            assertEquals(0, writer.offset());
        }
    }

    @Test
    void cleanupRemovesBrokenIngestsAndTemporaryFiles() throws IOException {
        try (ContentWriter writer = store.writer("broken", 0, null)) {
            writer.write(bytes(10, 4));
        }
        Files.delete(ingest("broken").resolve("ref"));
        Path stray = Files.createDirectories(root().resolve("ingest/leftover.tmp"));
        assertEquals(1, store.cleanupIngests(Instant.EPOCH, ref -> false));
        try (Stream<Path> entries = Files.list(root().resolve("ingest"))) {
            assertEquals(List.of(), entries.toList());
        }
        assertFalse(Files.exists(stray));
    }

    @Test
    void aDamagedRefFileStartsTheIngestOver() throws IOException {
        try (ContentWriter writer = store.writer("damaged", 0, null)) {
            writer.write(bytes(10, 5));
        }
        Files.writeString(ingest("damaged").resolve("ref"), "dam");
        try (ContentWriter writer = store.writer("damaged", 0, null)) {
            assertEquals(0, writer.offset());
        }
        assertEquals("damaged", store.status("damaged").ref());
    }

    @Test
    void strayFilesAmongBlobsAreNotContent() throws IOException {
        byte[] data = bytes(10, 6);
        Digest digest = commit(data);
        Files.writeString(root().resolve("blobs/sha256/" + digest.hex() + ".tmp"), "partial");
        Files.writeString(root().resolve("blobs/sha256/not-a-digest"), "x");
        Files.createDirectories(root().resolve("blobs/md5"));
        List<Digest> walked = new ArrayList<>();
        store.walk(info -> true, info -> walked.add(info.digest()));
        assertEquals(List.of(digest), walked);
        assertArrayEquals(data, readAll(digest));
    }

    @Test
    void aFailedCommitLeavesNothingUnderBlobs() throws IOException {
        byte[] data = bytes(10, 7);
        ContentWriter writer = store.writer("failed", 0, null);
        writer.write(data);
        assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.commit(0, sha256(bytes(10, 8)))));
        // Blob directories are made only by a commit that passed verification.
        assertFalse(Files.exists(root().resolve("blobs")));
        assertEquals(10, Files.size(ingest("failed").resolve("data")));
    }
}
