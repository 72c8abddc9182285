package io.hookline.receiver.store;

import io.hookline.postgres.PostgresEngine;
import io.hookline.postgres.PostgresSettings;
import io.hookline.sqlite.SqliteEngine;
import io.hookline.sqlite.SqliteSettings;
import io.hookline.store.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies a SQLite store into an empty PostgreSQL one: events with their bodies and the full forms
 * fetched for them, idempotency keys, deliveries, attempts, the replays on record, the record of reconciliation runs and the
 * subscriptions (their secrets and headers as sealed; headers an earlier release left in clear are sealed by the receiver's first
 * start on PostgreSQL, as on SQLite), in one PostgreSQL transaction, then compares the counts of every table and of events per
 * status, committing only if they agree. Claims are not copied: the receiver that held them is
 * stopped, so every unfinished delivery is free to run on PostgreSQL. Plain JDBC rather than a tool
 * such as pgloader: the two schemas are Hookline's own, and the copy must go through nothing a user
 * has to install.
 */
final class SqliteToPostgres {

    private static final int BATCH = 1_000;

    /** One table: what is read from SQLite, in order, and the insert with as many parameters as it has columns. */
    private record Table(String name, String select, String insert) {}

    private static final List<Table> TABLES = List.of(
            new Table("events", "SELECT id, source, provider, event_type, idempotency_key, received_at, occurred_at,"
                    + " headers, body, body_pruned, status, last_error_class, body_encoding, body_size, request_id,"
                    + " routing_notes FROM events ORDER BY id",
                    "INSERT INTO events (id, source, provider, event_type, idempotency_key, received_at, occurred_at,"
                            + " headers, body, body_pruned, status, last_error_class, body_encoding, body_size, request_id,"
                            + " routing_notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            new Table("idempotency_keys", "SELECT source, key, event_id, first_seen FROM idempotency_keys",
                    "INSERT INTO idempotency_keys (source, key, event_id, first_seen) VALUES (?, ?, ?, ?)"),
            new Table("deliveries", "SELECT event_id, route, handler, status, attempts, next_attempt_at,"
                    + " last_error_class, last_error, updated_at, replayed_after, order_key FROM deliveries",
                    "INSERT INTO deliveries (event_id, route, handler, status, attempts, next_attempt_at,"
                            + " last_error_class, last_error, updated_at, replayed_after, order_key)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            new Table("attempts", "SELECT event_id, route, handler, number, started_at, duration_ms, outcome,"
                    + " error_class, message, instance, answer_status, answer_url, answer_headers, answer_body, answer_ms"
                    + " FROM attempts ORDER BY id",
                    "INSERT INTO attempts (event_id, route, handler, number, started_at, duration_ms, outcome,"
                            + " error_class, message, instance, answer_status, answer_url, answer_headers, answer_body,"
                            + " answer_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            new Table("reconciliations", "SELECT source, provider, trigger, started_at, finished_at, since, checked,"
                    + " missing, recovered, failed, outcome, message FROM reconciliations ORDER BY id",
                    "INSERT INTO reconciliations (source, provider, trigger, started_at, finished_at, since, checked,"
                            + " missing, recovered, failed, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            // Replays keep their ids, which their deliveries name; the id sequence is moved past them after.
            new Table("replays", "SELECT id, started_at, started_by, selection, dry_run, rate FROM replays ORDER BY id",
                    "INSERT INTO replays (id, started_at, started_by, selection, dry_run, rate) OVERRIDING SYSTEM VALUE"
                            + " VALUES (?, ?, ?, ?, ?, ?)"),
            new Table("fetched_events", "SELECT event_id, body, body_encoding, body_size, fetched_at FROM fetched_events",
                    "INSERT INTO fetched_events (event_id, body, body_encoding, body_size, fetched_at) VALUES (?, ?, ?, ?, ?)"),
            new Table("replayed_deliveries", "SELECT event_id, replay_id, route FROM replayed_deliveries",
                    "INSERT INTO replayed_deliveries (event_id, replay_id, route) VALUES (?, ?, ?)"),
            new Table("subscriptions", "SELECT id, name, url, events, headers, description, enabled, secret,"
                    + " previous_secret, previous_until, created_at, updated_at, failing_since, disabled_reason,"
                    + " sealed_headers, timeout_ms, retry_delays, signing, public_key, where_expression, event_form,"
                    + " order_by FROM subscriptions ORDER BY id",
                    "INSERT INTO subscriptions (id, name, url, events, headers, description, enabled, secret,"
                            + " previous_secret, previous_until, created_at, updated_at, failing_since, disabled_reason,"
                            + " sealed_headers, timeout_ms, retry_delays, signing, public_key, where_expression,"
                            + " event_form, order_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));

    private static final String EVENTS_BY_STATUS = "SELECT status, count(*) FROM events GROUP BY status ORDER BY status";
    private static final String FOLD_ALL = "SELECT count(*) FROM event_count_changes";
    private static final String NEXT_REPLAY_ID = "SELECT setval(pg_get_serial_sequence('replays', 'id'),"
            + " coalesce(max(id), 0) + 1, false) FROM replays";

    private SqliteToPostgres() {}

    /**
     * Copies and checks; answers the count of each table and of events per status.
     *
     * @param progress told what is copied where once nothing refuses the copy, then each step, for the operator watching
     * @throws StorageException when either store cannot be opened, the target is not empty, or the
     *     counts differ (then nothing is committed)
     */
    static Map<String, Long> copy(Path dataDir, PostgresSettings target, Consumer<String> progress) {
        SqliteSettings source = SqliteSettings.defaults(dataDir);
        if (!Files.isRegularFile(source.databaseFile())) {
            throw new StorageException("there is no Hookline database at " + source.databaseFile());
        }
        try (SqliteEngine sqlite = SqliteEngine.open(source); PostgresEngine postgres = PostgresEngine.open(target);
                Connection from = sqlite.connect(); Connection to = postgres.connect()) {
            Map<String, Long> expected = counts(from);
            long already = count(to, "SELECT count(*) FROM events") + count(to, "SELECT count(*) FROM idempotency_keys");
            if (already > 0) {
                throw new StorageException(target.maskedUrl() + " already holds Hookline data; migrate into an empty database");
            }
            progress.accept("Copying " + source.databaseFile() + " into " + target.maskedUrl());
            to.setAutoCommit(false);
            try {
                for (Table table : TABLES) {
                    long started = System.nanoTime();
                    long rows = copy(from, to, table);
                    progress.accept(String.format("%-17s %,12d rows in %s", table.name(), rows,
                            Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"));
                }
                count(to, NEXT_REPLAY_ID);
                foldCounters(to, postgres.dialect().foldCounters());
                Map<String, Long> copied = counts(to);
                if (!copied.equals(expected)) {
                    throw new StorageException("the copy does not match its source, so nothing was committed: SQLite "
                            + expected + ", PostgreSQL " + copied);
                }
                to.commit();
                return copied;
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("the migration failed and nothing was committed: " + e.getMessage(), e);
        }
    }

    private static long copy(Connection from, Connection to, Table table) throws SQLException {
        long rows = 0;
        try (Statement read = from.createStatement(); ResultSet source = read.executeQuery(table.select());
                PreparedStatement insert = to.prepareStatement(table.insert())) {
            int columns = source.getMetaData().getColumnCount();
            while (source.next()) {
                for (int column = 1; column <= columns; column++) {
                    insert.setObject(column, source.getObject(column));
                }
                insert.addBatch();
                if (++rows % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return rows;
    }

    /** Folds the counter changes the copied events made, so counts read the counters alone from the start. */
    private static void foldCounters(Connection to, String fold) throws SQLException {
        try (Statement statement = to.createStatement()) {
            while (count(to, FOLD_ALL) > 0) {
                statement.execute(fold);
            }
        }
    }

    private static Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Table table : TABLES) {
            counts.put(table.name(), count(connection, "SELECT count(*) FROM " + table.name()));
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(EVENTS_BY_STATUS)) {
            while (rows.next()) {
                counts.put("events " + rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
