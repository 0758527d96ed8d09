package io.berth.content.testsuite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.content.ReaderAt;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * What every {@link io.berth.api.content.ContentStore} must do, as containerd's content store does it:
 * extend it in a test of your store and implement {@link #create(Path)}. It runs the blob tests below and
 * inherits the ingest tests of {@link IngestConformance}.
 */
public abstract class ContentStoreConformance extends IngestConformance {

    @Test
    void committedContentCanBeReadAndDescribed() {
        byte[] data = bytes(3 << 20, 1);
        Digest digest = sha256(data);
        try (ContentWriter writer = store.writer("commit", data.length, digest)) {
            writer.write(data, 0, 1000);
            writer.write(data, 1000, data.length - 1000);
            assertEquals(data.length, writer.offset());
            assertEquals(digest, writer.digest());
            writer.commit(data.length, digest);
        }
        Info info = store.info(digest);
        assertEquals(digest, info.digest());
        assertEquals(data.length, info.size());
        assertArrayEquals(data, readAll(digest));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.status("commit")));
    }

    @Test
    void walkVisitsEveryBlobTheFilterAccepts() {
        List<Digest> digests = List.of(commit(bytes(10, 1)), commit(bytes(20, 2)), commit(bytes(30, 3)));
        List<Digest> all = new ArrayList<>();
        store.walk(info -> true, info -> all.add(info.digest()));
        assertEquals(digests.stream().sorted(ContentStoreConformance::byText).toList(),
                all.stream().sorted(ContentStoreConformance::byText).toList());
        List<Info> one = new ArrayList<>();
        String wanted = digests.get(1).toString();
        store.walk(info -> info.field(List.of("digest")).equals(Optional.of(wanted)), one::add);
        assertEquals(1, one.size());
        assertEquals(20, one.getFirst().size());
    }

    @Test
    void deleteRemovesTheBlob() {
        Digest digest = commit(bytes(100, 4));
        store.delete(digest);
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(digest)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.readerAt(digest)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.delete(digest)));
    }

    @Test
    void missingContentIsNotFound() {
        Digest absent = sha256(bytes(5, 5));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(absent)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.read(absent, 0, 0)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.delete(absent)));
    }

    @Test
    void readsTakeAnOffsetAndASize() {
        byte[] data = bytes(1000, 6);
        Digest digest = commit(data);
        assertArrayEquals(slice(data, 100, 50), read(digest, 100, 50));
        assertArrayEquals(slice(data, 900, 100), read(digest, 900, 0));
        assertArrayEquals(slice(data, 990, 10), read(digest, 990, 500));
        assertArrayEquals(new byte[0], read(digest, 1000, 0));
        assertEquals(ErrorKind.OUT_OF_RANGE, kindOf(() -> store.read(digest, 1001, 0)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> store.read(digest, -1, 0)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> store.read(digest, 0, -1)));
        try (ReaderAt reader = store.readerAt(digest)) {
            assertEquals(1000, reader.size());
            ByteBuffer buffer = ByteBuffer.allocate(10);
            assertEquals(10, reader.read(buffer, 500));
            assertArrayEquals(slice(data, 500, 10), buffer.array());
            assertEquals(-1, reader.read(ByteBuffer.allocate(1), 1000));
        }
    }

    @Test
    void sha512ContentIsStoredUnderItsOwnDigest() {
        byte[] data = bytes(4096, 7);
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, data);
        try (ContentWriter writer = store.writer("sha512", data.length, digest)) {
            writer.write(data);
            assertEquals(digest, writer.digest());
            writer.commit(data.length, digest);
        }
        assertEquals(data.length, store.info(digest).size());
        assertArrayEquals(data, readAll(digest));
    }

    @Test
    void aDigestOfAnotherAlgorithmNamedOnlyAtCommitIsCheckedAndStoredUnderIt() {
        byte[] data = bytes(4096, 8);
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, data);
        try (ContentWriter writer = store.writer("sha512-late", data.length, null)) {
            writer.write(data);
            writer.commit(data.length, digest);
        }
        assertArrayEquals(data, readAll(digest));

        Digest wrong = Digest.compute(DigestAlgorithm.SHA512, bytes(4096, 9));
        try (ContentWriter writer = store.writer("sha512-wrong", data.length, null)) {
            writer.write(data);
            assertEquals(ErrorKind.FAILED_PRECONDITION, kindOf(() -> writer.commit(data.length, wrong)));
        }
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.info(wrong)));
    }

    @Test
    void unknownDigestAlgorithmsAreInvalid() {
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, kindOf(() -> Digest.parse("sha256:../../etc/passwd")));
    }

    @Test
    void committingPresentContentIsAlreadyExistsAndDropsTheIngest() {
        byte[] data = bytes(64, 8);
        Digest digest = commit(data);
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> store.writer("again", data.length, digest)));
        ContentWriter writer = store.writer("blind", 0, null);
        writer.write(data);
        assertEquals(ErrorKind.ALREADY_EXISTS, kindOf(() -> writer.commit(data.length, digest)));
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> store.status("blind")));
        assertArrayEquals(data, readAll(digest));
    }

    @Test
    void labelsAreEmptyOrUpdatable() {
        Digest digest = commit(bytes(8, 9));
        Info info = store.info(digest);
        try {
            store.update(new Info(digest, info.size(), info.createdAt(), info.updatedAt(),
                    Map.of("k", "v")), List.of("labels.k"));
            assertEquals(Optional.of("v"), store.info(digest).field(List.of("labels", "k")));
        } catch (BerthException e) {
            // A store without labels refuses, as containerd's immutable store does.
            assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind(), e.getMessage());
            assertTrue(store.info(digest).labels().isEmpty());
        }
    }

    private static int byText(Digest a, Digest b) {
        return a.toString().compareTo(b.toString());
    }
}
