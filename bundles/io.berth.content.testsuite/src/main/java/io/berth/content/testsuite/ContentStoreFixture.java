package io.berth.content.testsuite;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Status;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** A fresh store per test, and the helpers the conformance tests (and a store's own tests) share. */
public abstract class ContentStoreFixture {
    /** Holds the store's root and nothing else; the suite checks that nothing is written beside it. */
    @TempDir
    protected Path workspace;
    protected ContentStore store;

    /** A new, empty store keeping its files in {@code root} (which does not exist yet). */
    protected abstract ContentStore create(Path root) throws Exception;

    /** The root of the store under test. */
    protected Path root() {
        return workspace.resolve("store");
    }

    @BeforeEach
    void createStore() throws Exception {
        store = create(root());
    }

    /** Writes and commits {@code data} under a ref of its own; returns its sha256 digest. */
    protected Digest commit(byte[] data) {
        Digest digest = sha256(data);
        try (ContentWriter writer = store.writer("commit-" + digest.hex(), data.length, digest)) {
            writer.write(data);
            writer.commit(data.length, digest);
        }
        return digest;
    }

    protected byte[] readAll(Digest digest) {
        return read(digest, 0, 0);
    }

    protected byte[] read(Digest digest, long offset, long size) {
        try (InputStream in = store.read(digest, offset, size)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("reading " + digest + " failed", e);
        }
    }

    /** Reproducible bytes: the same seed gives the same content. */
    protected static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected static Digest sha256(byte[] data) {
        return Digest.compute(DigestAlgorithm.SHA256, data);
    }

    protected static byte[] slice(byte[] data, int offset, int length) {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    /** The kind of the {@link BerthException} that {@code call} throws. */
    protected static ErrorKind kindOf(Executable call) {
        return assertThrows(BerthException.class, call).kind();
    }

    protected static List<String> refs(List<Status> statuses) {
        return statuses.stream().map(Status::ref).sorted().toList();
    }

}
