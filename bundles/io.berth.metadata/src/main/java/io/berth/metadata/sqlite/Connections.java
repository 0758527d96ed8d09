package io.berth.metadata.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.sqlite.SQLiteConfig;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** Opens connections with the settings that make the store crash-safe. */
final class Connections {
    private Connections() {
    }

    /** The one connection that writes: it also puts the file into WAL mode, which then persists. */
    static Connection writer(Path file, Duration busyTimeout) {
        SQLiteConfig config = common(busyTimeout);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        Connection connection = open(file, config);
        String mode = journalMode(connection, file);
        if (!mode.equalsIgnoreCase("wal")) {
            close(connection);
            throw BerthException.unavailable(
                    "metadata database %s cannot use write-ahead logging (journal mode is %s): its file system lacks shared memory",
                    file, mode);
        }
        return connection;
    }

    static Connection reader(Path file, Duration busyTimeout) {
        SQLiteConfig config = common(busyTimeout);
        config.setReadOnly(true);
        return open(file, config);
    }

    /**
     * synchronous=FULL: in WAL mode a commit is on disk when COMMIT returns, so an acknowledged
     * transaction survives a power loss, not only a process kill.
     */
    private static SQLiteConfig common(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return config;
    }

    private static Connection open(Path file, SQLiteConfig config) {
        try {
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw SqlErrors.toBerth("open metadata database " + file, e);
        }
    }

    private static String journalMode(Connection connection, Path file) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
            return row.next() ? row.getString(1) : "unknown";
        } catch (SQLException e) {
            close(connection);
            throw SqlErrors.toBerth("read the journal mode of " + file, e);
        }
    }

    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new BerthException(ErrorKind.INTERNAL, "closing a metadata connection: " + e.getMessage(), e);
        }
    }
}
