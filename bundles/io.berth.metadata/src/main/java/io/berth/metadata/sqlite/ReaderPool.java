package io.berth.metadata.sqlite;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Read-only connections for concurrent readers: opened on demand, a few kept for reuse with the statements
 * prepared on them.
 * Readers never wait for each other, only for an idle connection to be reused.
 */
final class ReaderPool {
    /** Connections kept open between reads; more are opened under load and closed after. */
    private static final int IDLE = 4;

    private final ConcurrentLinkedDeque<SqlConnection> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<SqlConnection> opener;
    private volatile boolean closed;

    ReaderPool(Supplier<SqlConnection> opener) {
        this.opener = opener;
    }

    SqlConnection take() {
        SqlConnection connection = idle.pollFirst();
        return connection != null ? connection : opener.get();
    }

    void give(SqlConnection connection) {
        if (closed || idle.size() >= IDLE) {
            connection.close();
            return;
        }
        idle.offerFirst(connection);
        // close() may have drained the pool between the check above and the offer.
        if (closed && idle.remove(connection)) {
            connection.close();
        }
    }

    void close() {
        closed = true;
        for (SqlConnection connection; (connection = idle.pollFirst()) != null; ) {
            connection.close();
        }
    }
}
