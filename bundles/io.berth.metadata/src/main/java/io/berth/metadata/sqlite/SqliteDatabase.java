package io.berth.metadata.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.MetadataListener;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Transaction;

/**
 * The store on one database file: a single writer connection behind a fair lock, so writers
 * queue in the JVM rather than spin on SQLite's busy handler, and a pool of read-only connections
 * that WAL mode lets read a committed snapshot while the writer works.
 */
public final class SqliteDatabase implements MetadataStore, AutoCloseable {
    private final SqlConnection writer;
    private final ReentrantLock writing = new ReentrantLock(true);
    private final ReaderPool readers;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();

    private SqliteDatabase(SqlConnection writer, ReaderPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /**
     * Opens the database, creating it and its directory when missing, and brings its schema up to date.
     *
     * @throws BerthException when the file cannot be opened or has a newer schema than this code knows
     */
    public static SqliteDatabase open(Path file, Duration busyTimeout) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE,
                    "cannot create the directory of metadata database " + file + ": " + e.getMessage(), e);
        }
        Connection writer = Connections.writer(file, busyTimeout);
        try {
            Schema.migrate(writer, file);
        } catch (RuntimeException e) {
            Connections.close(writer);
            throw e;
        }
        return new SqliteDatabase(new SqlConnection(writer),
                new ReaderPool(() -> new SqlConnection(Connections.reader(file, busyTimeout))));
    }

    @Override
    public <T> T read(Function<Transaction, T> work) {
        SqlConnection connection = readers.take();
        try {
            // A deferred transaction: its first read fixes the snapshot every later read sees.
            return inTransaction(new SqlTransaction(connection, false), "BEGIN DEFERRED", work);
        } finally {
            readers.give(connection);
        }
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        if (writing.isHeldByCurrentThread()) {
            throw BerthException.failedPrecondition("a metadata write transaction cannot open another one inside it");
        }
        SqlTransaction transaction = new SqlTransaction(writer, true);
        T result;
        writing.lock();
        try {
            // IMMEDIATE takes the write lock now, so the transaction cannot fail later on a lock upgrade.
            result = inTransaction(transaction, "BEGIN IMMEDIATE", work);
        } finally {
            writing.unlock();
        }
        listeners.forEach(listener -> listener.committed(transaction.deleted()));
        return result;
    }

    /** Tells the listener of every write committed from now on. */
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MetadataListener listener) {
        listeners.remove(listener);
    }

    private static <T> T inTransaction(SqlTransaction transaction, String begin, Function<Transaction, T> work) {
        SqlConnection connection = transaction.reading();
        execute(connection, begin);
        try {
            T result = work.apply(transaction);
            execute(connection, "COMMIT");
            return result;
        } catch (RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            transaction.end();
        }
    }

    private static void execute(SqlConnection connection, String sql) {
        try {
            connection.with(sql, PreparedStatement::execute);
        } catch (SQLException e) {
            throw SqlErrors.toBerth(sql, e);
        }
    }

    /** SQLite may already have rolled back after some errors; a failing ROLLBACK is then only noted. */
    private static void rollback(SqlConnection connection, Throwable failure) {
        try {
            connection.with("ROLLBACK", PreparedStatement::execute);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        writing.lock();
        try {
            readers.close();
            writer.close();
        } finally {
            writing.unlock();
        }
    }
}
