package io.hookline.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations. The schema version is SQLite's {@code user_version}; each script
 * runs once, in its own transaction together with the version bump, so a crash mid-migration
 * leaves the previous version intact.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** In order; script N brings the schema to version N. Never edit a shipped script: add one. */
    static final List<String> SCRIPTS = List.of(
            "V1__schema.sql",
            "V2__flat_at_scale.sql");

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
            long started = System.nanoTime();
            if (current > 0) {
                LOG.info("Upgrading the database schema to version {} ({}); a large store takes a while, once",
                        version, SCRIPTS.get(version - 1));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + version);
                    statement.execute("COMMIT");
                    if (current > 0) {
                        LOG.info("Database schema at version {} after {} ms", version,
                                (System.nanoTime() - started) / 1_000_000);
                    }
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

    /**
     * The script's statements: each ends with a {@code ;} at the end of a line, except inside a
     * {@code CREATE TRIGGER}, whose body runs to the line {@code END;}.
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            boolean trigger = current.toString().stripLeading().toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
            if (trigger ? trimmed.equalsIgnoreCase("END;") : trimmed.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("a migration ends inside a statement: " + current);
        }
        return statements;
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
