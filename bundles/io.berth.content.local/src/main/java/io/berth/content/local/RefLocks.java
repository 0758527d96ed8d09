package io.berth.content.local;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.berth.api.errors.BerthException;

/** Which ingests are in use, keyed by ingest directory name so that leftovers without a ref can be locked too. */
final class RefLocks {
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    /** @throws BerthException UNAVAILABLE when the ingest is in use */
    void lock(String ingestName, String ref) {
        Instant now = Instant.now();
        Instant since = held.putIfAbsent(ingestName, now);
        if (since != null) {
            throw BerthException.unavailable("ref %s locked since %s: another writer is using it", ref, since);
        }
    }

    boolean tryLock(String ingestName) {
        return held.putIfAbsent(ingestName, Instant.now()) == null;
    }

    void unlock(String ingestName) {
        held.remove(ingestName);
    }
}
