package io.berth.metadata.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Statements with text or integer parameters, prepared once per connection, their failures as Berth errors. */
final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    /** Runs a change; a null parameter is SQL's NULL. */
    static void update(SqlConnection connection, String sql, Object... parameters) {
        try {
            connection.with(sql, statement -> {
                bind(statement, Arrays.asList(parameters));
                return statement.executeUpdate();
            });
        } catch (SQLException e) {
            throw SqlErrors.toBerth(sql, e);
        }
    }

    static void query(SqlConnection connection, String sql, List<?> parameters, Row row) {
        try {
            connection.with(sql, statement -> {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        row.accept(rows);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw SqlErrors.toBerth(sql, e);
        }
    }

    /** Whether the query finds a row. */
    static boolean any(SqlConnection connection, String sql, Object... parameters) {
        boolean[] found = {false};
        query(connection, sql, List.of(parameters), row -> found[0] = true);
        return found[0];
    }

    /** Binds every parameter of the statement: a kept statement still holds those of its last use. */
    private static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        int expected = statement.getParameterMetaData().getParameterCount();
        if (parameters.size() != expected) {
            throw new IllegalArgumentException("a statement of " + expected + " parameters given "
                    + parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
