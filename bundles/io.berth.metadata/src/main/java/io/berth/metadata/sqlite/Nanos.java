package io.berth.metadata.sqlite;

import java.time.Instant;

/** Times as the schema stores them: nanoseconds since the epoch, which an INTEGER holds until 2262. */
final class Nanos {
    private static final long PER_SECOND = 1_000_000_000L;

    private Nanos() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano());
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, PER_SECOND), Math.floorMod(nanos, PER_SECOND));
    }
}
