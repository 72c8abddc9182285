package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What reconciliation with a provider's API reads and writes: which of a provider's delivery or
 * event ids a source has stored, the newest event a source received before a time, and the record
 * of each run. The first two read the events' own tables, through the store's indexes; the runs are
 * plain records kept by the {@link Runs} given (the receiver's repository).
 */
public final class ReconcileLog {

    /** The record of reconciliation runs, the newest few hundred per source. */
    public interface Runs {

        /**
         * Records a finished run and forgets the source's oldest beyond those kept; completes once
         * committed, with the run as stored: its id given, its times as {@link #recent} reads them.
         */
        CompletableFuture<ReconcileRun> record(ReconcileRun run);

        /** The source's newest runs, newest first. */
        List<ReconcileRun> recent(String source, int limit);

        /** The source's newest run in which nothing failed. */
        Optional<ReconcileRun> lastClean(String source);
    }

    private static final String FIND_KEY = "SELECT 1 FROM idempotency_keys WHERE source = ? AND key = ?";
    private static final String NEWEST_BEFORE = "SELECT received_at FROM events WHERE source = ? AND id < ?"
            + " ORDER BY id DESC LIMIT 1";

    private final Database database;
    private final Runs runs;

    public ReconcileLog(Database database, Runs runs) {
        this.database = database;
        this.runs = runs;
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

    /**
     * Records a finished run; the oldest runs of its source beyond those kept are forgotten. Completes
     * with the run as stored, as {@link #recent} lists it (its id given).
     */
    public CompletableFuture<ReconcileRun> record(ReconcileRun run) {
        return runs.record(run);
    }

    /** The source's newest runs, newest first. */
    public List<ReconcileRun> recent(String source, int limit) {
        return runs.recent(source, limit);
    }

    /** The source's newest run in which nothing failed. */
    public Optional<ReconcileRun> lastClean(String source) {
        return runs.lastClean(source);
    }
}
