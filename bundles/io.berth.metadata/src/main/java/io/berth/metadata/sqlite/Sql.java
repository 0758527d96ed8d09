package io.berth.metadata.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Statements with text or integer parameters, their failures as Berth errors. */
final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    /** Runs a change; a null parameter is SQL's NULL. */
    static void update(Connection connection, String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(connection, sql, Arrays.asList(parameters))) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.toBerth(sql, e);
        }
    }

    static void query(Connection connection, String sql, List<?> parameters, Row row) {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                row.accept(rows);
            }
        } catch (SQLException e) {
            throw SqlErrors.toBerth(sql, e);
        }
    }

    /** Whether the query finds a row. */
    static boolean any(Connection connection, String sql, Object... parameters) {
        boolean[] found = {false};
        query(connection, sql, List.of(parameters), row -> found[0] = true);
        return found[0];
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
