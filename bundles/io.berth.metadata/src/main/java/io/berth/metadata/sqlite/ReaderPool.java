package io.berth.metadata.sqlite;

import java.sql.Connection;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Read-only connections for concurrent readers: opened on demand, a few kept for reuse.
 * Readers never wait for each other, only for an idle connection to be reused.
 */
final class ReaderPool {
    /** Connections kept open between reads; more are opened under load and closed after. */
    private static final int IDLE = 4;

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<Connection> opener;
    private volatile boolean closed;

    ReaderPool(Supplier<Connection> opener) {
        this.opener = opener;
    }

    Connection take() {
        Connection connection = idle.pollFirst();
        return connection != null ? connection : opener.get();
    }

    void give(Connection connection) {
        if (closed || idle.size() >= IDLE) {
            Connections.close(connection);
            return;
        }
        idle.offerFirst(connection);
        // close() may have drained the pool between the check above and the offer.
        if (closed && idle.remove(connection)) {
            Connections.close(connection);
        }
    }

    void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            Connections.close(connection);
        }
    }
}
