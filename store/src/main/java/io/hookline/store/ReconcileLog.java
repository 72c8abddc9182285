package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What reconciliation with a provider's API reads and writes: which of a provider's delivery or
 * event ids a source has stored, the newest event a source received before a time, and the record
 * of each run, the newest few hundred per source.
 */
public final class ReconcileLog {

    /** Runs kept per source; older ones are deleted as new ones are recorded. */
    static final int KEPT_PER_SOURCE = 200;

    private static final String FIND_KEY = "SELECT 1 FROM idempotency_keys WHERE source = ? AND key = ?";
    private static final String NEWEST_BEFORE = "SELECT received_at FROM events WHERE source = ? AND id < ?"
            + " ORDER BY id DESC LIMIT 1";
    private static final String COLUMNS = "source, provider, trigger, started_at, finished_at, since, checked,"
            + " missing, recovered, failed, outcome, message";
    private static final String INSERT = "INSERT INTO reconciliations (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TRIM = "DELETE FROM reconciliations WHERE source = ? AND id < (SELECT id FROM"
            + " reconciliations WHERE source = ? ORDER BY id DESC LIMIT 1 OFFSET " + (KEPT_PER_SOURCE - 1) + ")";
    private static final String RECENT = "SELECT id, " + COLUMNS + " FROM reconciliations WHERE source = ?"
            + " ORDER BY id DESC LIMIT ?";
    private static final String LAST_CLEAN = "SELECT id, " + COLUMNS + " FROM reconciliations WHERE source = ?"
            + " AND outcome = '" + ReconcileRun.OK + "' ORDER BY id DESC LIMIT 1";

    private final Database database;

    public ReconcileLog(Database database) {
        this.database = database;
    }

    /** Those of {@code keys} that are stored as idempotency keys of {@code source}. */
    public Set<String> storedKeys(String source, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return database.read("look up keys of source " + source, statements -> {
            Set<String> stored = new HashSet<>();
            PreparedStatement find = statements.statement(FIND_KEY);
            for (String key : keys) {
                find.setString(1, source);
                find.setString(2, database.dialect().storedText(key));
                try (ResultSet row = find.executeQuery()) {
                    if (row.next()) {
                        stored.add(key);
                    }
                }
            }
            return stored;
        });
    }

    /** When the newest event of {@code source} received before {@code before} arrived, if there is one. */
    public Optional<Instant> newestReceivedBefore(String source, Instant before) {
        return database.read("find the newest event of source " + source, statements -> {
            PreparedStatement query = statements.statement(NEWEST_BEFORE);
            query.setString(1, source);
            query.setString(2, EventIds.firstAt(before.toEpochMilli()));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong(1))) : Optional.empty();
            }
        });
    }

    /** Records a finished run and forgets the source's runs beyond the newest {@value #KEPT_PER_SOURCE}. */
    public CompletableFuture<Void> record(ReconcileRun run) {
        return database.write(context -> {
            PreparedStatement insert = context.statement(INSERT);
            insert.setString(1, run.source());
            insert.setString(2, run.provider());
            insert.setString(3, run.trigger());
            insert.setLong(4, run.startedAt().toEpochMilli());
            insert.setLong(5, run.finishedAt().toEpochMilli());
            insert.setLong(6, run.since().toEpochMilli());
            insert.setInt(7, run.checked());
            insert.setInt(8, run.missing());
            insert.setInt(9, run.recovered());
            insert.setInt(10, run.failed());
            insert.setString(11, run.outcome());
            if (run.message() == null) {
                insert.setNull(12, Types.VARCHAR);
            } else {
                insert.setString(12, run.message());
            }
            insert.executeUpdate();
            PreparedStatement trim = context.statement(TRIM);
            trim.setString(1, run.source());
            trim.setString(2, run.source());
            trim.executeUpdate();
            return null;
        });
    }

    /** The source's newest runs, newest first. */
    public List<ReconcileRun> recent(String source, int limit) {
        return database.read("list reconciliations of source " + source, statements -> {
            PreparedStatement query = statements.statement(RECENT);
            query.setString(1, source);
            query.setInt(2, limit);
            List<ReconcileRun> runs = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    runs.add(run(row));
                }
            }
            return runs;
        });
    }

    /** The source's newest run in which nothing failed. */
    public Optional<ReconcileRun> lastClean(String source) {
        return database.read("find the last clean reconciliation of source " + source, statements -> {
            PreparedStatement query = statements.statement(LAST_CLEAN);
            query.setString(1, source);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(run(row)) : Optional.empty();
            }
        });
    }

    private static ReconcileRun run(ResultSet row) throws SQLException {
        return new ReconcileRun(row.getLong("id"), row.getString("source"), row.getString("provider"),
                row.getString("trigger"), Instant.ofEpochMilli(row.getLong("started_at")),
                Instant.ofEpochMilli(row.getLong("finished_at")), Instant.ofEpochMilli(row.getLong("since")),
                row.getInt("checked"), row.getInt("missing"), row.getInt("recovered"), row.getInt("failed"),
                row.getString("outcome"), row.getString("message"));
    }
}
