package io.berth.services.content;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.content.ReaderAt;
import io.berth.api.content.Status;
import io.berth.services.Hold;

/**
 * A real content store whose blob reads from {@code heldFrom} on wait until the test releases them, as reads from a
 * slow disk would: to see which thread such a read holds up.
 */
final class HeldReadsStore implements ContentStore {
    private final ContentStore store;
    private final long heldFrom;
    final Hold hold = new Hold();
    /** Readers opened and not closed yet. */
    final AtomicInteger open = new AtomicInteger();

    HeldReadsStore(ContentStore store, long heldFrom) {
        this.store = store;
        this.heldFrom = heldFrom;
    }

    @Override
    public ReaderAt readerAt(Digest digest) {
        ReaderAt reader = store.readerAt(digest);
        open.incrementAndGet();
        return new ReaderAt() {
            @Override
            public long size() {
                return reader.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                if (position >= heldFrom) {
                    hold.here();
                }
                return reader.read(dst, position);
            }

            @Override
            public void close() {
                open.decrementAndGet();
                reader.close();
            }
        };
    }

    @Override
    public Info info(Digest digest) {
        return store.info(digest);
    }

    @Override
    public Info update(Info info, List<String> fieldpaths) {
        return store.update(info, fieldpaths);
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        store.walk(filter, visitor);
    }

    @Override
    public void delete(Digest digest) {
        store.delete(digest);
    }

    @Override
    public ContentWriter writer(String ref, long expectedSize, Digest expectedDigest) {
        return store.writer(ref, expectedSize, expectedDigest);
    }

    @Override
    public Status status(String ref) {
        return store.status(ref);
    }

    @Override
    public List<Status> listStatuses(Predicate<? super Status> filter) {
        return store.listStatuses(filter);
    }

    @Override
    public void abort(String ref) {
        store.abort(ref);
    }

    @Override
    public int cleanupIngests(Instant olderThan, Predicate<String> keep) {
        return store.cleanupIngests(olderThan, keep);
    }
}
