package io.hookline.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations. The schema version is SQLite's {@code user_version}; each script
 * runs once, in its own transaction together with the version bump, so a crash mid-migration
 * leaves the previous version intact.
 */
final class Migrations {

    /** In order; script N brings the schema to version N. Never edit a shipped script: add one. */
    static final List<String> SCRIPTS = List.of(
            "V1__schema.sql");

    private Migrations() {}

    static void apply(Connection connection) throws SQLException {
        int current = userVersion(connection);
        if (current > SCRIPTS.size()) {
            throw new StorageException("the database schema is at version " + current
                    + " but this Hookline knows versions up to " + SCRIPTS.size()
                    + "; run the newer Hookline that wrote it");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = read(SCRIPTS.get(version - 1));
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + version);
                    statement.execute("COMMIT");
                } catch (SQLException e) {
                    statement.execute("ROLLBACK");
                    throw e;
                }
            }
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.getInt(1);
        }
    }

    private static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(withoutComments.toString().split(";"))
                .map(String::trim)
                .filter(sql -> !sql.isEmpty())
                .toList();
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("migration " + script + " could not be read", e);
        }
    }
}
