package io.berth.metadata.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection and the statements prepared on it, kept for the next use of the same text: preparing is SQLite
 * parsing and planning the text, which every query would otherwise pay again. At most {@code capacity} are kept,
 * the least recently used closed first, and all of them close with the connection. A connection serves one
 * transaction at a time, so one thread: nothing here is shared.
 */
final class SqlConnection implements AutoCloseable {
    /** More than the store's distinct statements on one connection's busy path. */
    static final int CAPACITY = 64;

    @FunctionalInterface
    interface Work<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> idle;

    SqlConnection(Connection connection) {
        this(connection, CAPACITY);
    }

    SqlConnection(Connection connection, int capacity) {
        this.connection = connection;
        this.idle = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    /**
     * Runs the work on a statement of the text. The statement is out of the cache meanwhile, so a query run while
     * another's rows are read gets one of its own; one that failed is closed rather than kept. A kept statement
     * keeps its last parameters until the next use binds all of them again: clearing them would have SQLite
     * compile many statements anew at their next step, which costs several times the query itself.
     */
    <T> T with(String sql, Work<T> work) throws SQLException {
        PreparedStatement statement = idle.remove(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
        }
        T result;
        try {
            result = work.apply(statement);
        } catch (SQLException | RuntimeException | Error e) {
            closeQuietly(statement);
            throw e;
        }
        if (idle.putIfAbsent(sql, statement) != null) {
            closeQuietly(statement);
        }
        return result;
    }

    /** Statements kept for reuse now. */
    int cached() {
        return idle.size();
    }

    @Override
    public void close() {
        idle.values().forEach(SqlConnection::closeQuietly);
        idle.clear();
        Connections.close(connection);
    }

    /** Closing a statement only frees it: a failure there loses nothing and must not hide the caller's result. */
    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // Nothing to undo: the statement is dropped either way.
        }
    }
}
