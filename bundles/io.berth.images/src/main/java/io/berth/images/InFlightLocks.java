package io.berth.images;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * Work in flight by key, as containerd's unpacker suppresses duplicates: the pull that takes a key first does the
 * work (fetch a blob, apply a chain), one that asks for it meanwhile waits, then finds the work done and only
 * references it. Keys are {@link #blob}'s and {@link #snapshot}'s; a key's lock lives while someone holds or awaits
 * it. Daemon-wide: one instance per puller.
 */
final class InFlightLocks {
    /** Released by closing; a try-with-resources block holds the key. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    static String blob(Object digest) {
        return "blob://" + digest;
    }

    static String snapshot(String snapshotter, String chainId) {
        return "sn://" + snapshotter + "/" + chainId;
    }

    /**
     * Waits until no one else holds {@code key}, then holds it.
     *
     * @throws BerthException CANCELED when the waiting thread is interrupted
     */
    Held acquire(String key) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        try {
            entry.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            leave(key, entry);
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "interrupted while waiting for " + key, e);
        }
        return () -> {
            entry.lock.unlock();
            leave(key, entry);
        };
    }

    /** Keys held or awaited now; for tests. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void leave(String key, Entry entry) {
        synchronized (entries) {
            if (--entry.users == 0) {
                entries.remove(key);
            }
        }
    }
}
