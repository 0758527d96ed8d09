package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlConnectionTest {
    private static final String ONE = "SELECT 1";

    @TempDir
    Path dir;

    private SqlConnection connection;

    @BeforeEach
    void open() {
        connection = new SqlConnection(Connections.writer(dir.resolve("meta.db"), Duration.ofSeconds(5)), 3);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aTextIsPreparedOnceAndItsStatementReused() throws SQLException {
        PreparedStatement first = connection.with(ONE, statement -> statement);
        PreparedStatement second = connection.with(ONE, statement -> statement);
        assertSame(first, second);
        assertFalse(first.isClosed());
        assertEquals(1, connection.cached());
    }

    @Test
    void aReusedStatementAnswersWithItsNewParameters() {
        Sql.update(connection, "CREATE TABLE t (v TEXT) STRICT");
        Sql.update(connection, "INSERT INTO t (v) VALUES (?)", "a");
        Sql.update(connection, "INSERT INTO t (v) VALUES (?)", "b");
        for (String value : List.of("a", "b", "c")) {
            List<String> found = new ArrayList<>();
            Sql.query(connection, "SELECT v FROM t WHERE v = ?", List.of(value), row -> found.add(row.getString(1)));
            assertEquals(value.equals("c") ? List.of() : List.of(value), found);
        }
    }

    @Test
    void aStatementGivenFewerParametersThanItHasIsRefusedNotRunWithTheLastOnes() {
        Sql.update(connection, "CREATE TABLE t (v TEXT, w TEXT) STRICT");
        Sql.update(connection, "INSERT INTO t (v, w) VALUES (?, ?)", "a", "b");
        String both = "SELECT v FROM t WHERE v = ? AND w = ?";
        List<String> found = new ArrayList<>();
        Sql.query(connection, both, List.of("a", "b"), row -> found.add(row.getString(1)));
        assertEquals(List.of("a"), found);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Sql.query(connection, both, List.of("a"), row -> found.add(row.getString(1))));
        assertEquals("a statement of 2 parameters given 1", refused.getMessage());
        assertEquals(List.of("a"), found);
    }

    @Test
    void aQueryRunWhileTheSameTextsRowsAreReadGetsItsOwnStatement() throws SQLException {
        Sql.update(connection, "CREATE TABLE t (v INTEGER) STRICT");
        for (int v = 1; v <= 3; v++) {
            Sql.update(connection, "INSERT INTO t (v) VALUES (?)", v);
        }
        String all = "SELECT v FROM t ORDER BY v";
        List<String> pairs = new ArrayList<>();
        Sql.query(connection, all, List.of(), outer -> {
            int left = outer.getInt(1);
            Sql.query(connection, all, List.of(), inner -> pairs.add(left + "" + inner.getInt(1)));
        });
        assertEquals(List.of("11", "12", "13", "21", "22", "23", "31", "32", "33"), pairs);
        assertEquals(3, connection.cached(), "CREATE, INSERT and the one query kept, its second statement closed");
    }

    @Test
    void aKeptStatementHoldsNoReadSnapshotSoTheLogCheckpointsWholly() {
        Sql.update(connection, "CREATE TABLE t (v INTEGER) STRICT");
        Sql.update(connection, "INSERT INTO t (v) VALUES (1), (2)");
        try (SqlConnection reader = new SqlConnection(Connections.reader(dir.resolve("meta.db"),
                Duration.ofSeconds(5)))) {
            Sql.query(reader, "SELECT v FROM t", List.of(), row -> { });
            assertEquals(1, reader.cached());
            Sql.update(connection, "INSERT INTO t (v) VALUES (3)");
            List<Integer> checkpoint = new ArrayList<>();
            Sql.query(connection, "PRAGMA wal_checkpoint(TRUNCATE)", List.of(), row -> checkpoint.add(row.getInt(1)));
            assertEquals(List.of(0), checkpoint, "not blocked by a reader");
        }
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheBound() throws SQLException {
        PreparedStatement eldest = connection.with("SELECT 1", statement -> statement);
        PreparedStatement used = connection.with("SELECT 2", statement -> statement);
        connection.with("SELECT 3", statement -> statement);
        connection.with("SELECT 2", statement -> statement);
        connection.with("SELECT 4", statement -> statement);
        assertEquals(3, connection.cached());
        assertTrue(eldest.isClosed(), "the least recently used one is closed");
        assertFalse(used.isClosed(), "one used since is kept");
        assertNotSame(eldest, connection.with("SELECT 1", statement -> statement), "and prepared again when needed");
    }

    @Test
    void aStatementThatFailedIsClosedNotKept() throws SQLException {
        PreparedStatement[] failed = new PreparedStatement[1];
        assertThrows(SQLException.class, () -> connection.with(ONE, statement -> {
            failed[0] = statement;
            throw new SQLException("refused");
        }));
        assertTrue(failed[0].isClosed());
        assertEquals(0, connection.cached());
    }

    @Test
    void closingTheConnectionClosesItsStatements() throws SQLException {
        PreparedStatement kept = connection.with(ONE, statement -> {
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
            }
            return statement;
        });
        connection.close();
        assertTrue(kept.isClosed());
        assertEquals(0, connection.cached());
        connection = new SqlConnection(Connections.writer(dir.resolve("meta.db"), Duration.ofSeconds(5)), 3);
    }
}
