package io.berth.metadata.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.berth.api.errors.BerthException;

/**
 * The database's schema version and the forward migrations that reach the newest one. A migration is
 * never edited once released: a change is a new one. All pending ones run in one transaction, so a
 * crash during an upgrade leaves the old schema.
 */
final class Schema {
    /** Migration n (counting from 1) takes the schema from version n-1 to n. */
    private static final List<List<String>> MIGRATIONS = List.of(SchemaV1.STATEMENTS, SchemaV2.STATEMENTS,
            SchemaV3.STATEMENTS);

    static final int CURRENT = MIGRATIONS.size();

    private Schema() {
    }

    static void migrate(Connection connection, Path file) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT");
                int version = version(connection);
                if (version > CURRENT) {
                    throw BerthException.failedPrecondition(
                            "metadata database %s has schema version %d, this Berth knows versions up to %d: "
                                    + "it was written by a newer Berth", file, version, CURRENT);
                }
                for (int next = version + 1; next <= CURRENT; next++) {
                    for (String sql : MIGRATIONS.get(next - 1)) {
                        statement.execute(sql);
                    }
                }
                statement.execute("DELETE FROM schema_version");
                statement.execute("INSERT INTO schema_version (version) VALUES (" + CURRENT + ")");
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.toBerth("migrate the schema of " + file + " to version " + CURRENT, e);
        }
    }

    static int version(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version FROM schema_version")) {
            return row.next() ? row.getInt(1) : 0;
        } catch (SQLException e) {
            throw SqlErrors.toBerth("read the schema version", e);
        }
    }
}
