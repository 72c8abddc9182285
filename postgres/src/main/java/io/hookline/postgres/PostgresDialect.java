package io.hookline.postgres;

import io.hookline.store.Dialect;
import java.sql.SQLException;
import java.util.Set;

/**
 * PostgreSQL's SQL for a store several instances share: claims skip rows another instance is
 * claiming, type patterns use {@code LIKE}, counters are folded from appended changes (so commits
 * of different instances never wait on one counter row), and stored work is announced with
 * {@code NOTIFY}.
 */
public final class PostgresDialect implements Dialect {

    /** The channel instances listen on for stored work. */
    static final String WORK_CHANNEL = "hookline_work";

    /** Deadlock detected, serialisation failure: the transaction may simply run again. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");

    // Only one instance folds at a time (the others skip), so counter rows are locked by one
    // transaction at a time; the key is arbitrary but fixed.
    private static final String FOLD_COUNTERS = "WITH folding AS (SELECT pg_try_advisory_xact_lock(480235601) AS held),"
            + " moved AS (DELETE FROM event_count_changes WHERE id IN (SELECT id FROM event_count_changes"
            + " WHERE (SELECT held FROM folding) ORDER BY id LIMIT 100000) RETURNING source, hour, status, n),"
            + " by_source AS (INSERT INTO event_counts (source, status, n)"
            + " SELECT source, status, sum(n) FROM moved GROUP BY source, status"
            + " ON CONFLICT (source, status) DO UPDATE SET n = event_counts.n + excluded.n)"
            + " INSERT INTO event_counts_by_hour (hour, status, n) SELECT hour, status, sum(n) FROM moved GROUP BY hour, status"
            + " ON CONFLICT (hour, status) DO UPDATE SET n = event_counts_by_hour.n + excluded.n";

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {}

    @Override
    public String begin() {
        return "BEGIN";
    }

    @Override
    public String indexedBy(String index) {
        return "";
    }

    @Override
    public String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String mayClaimInOrder() {
        // One lock per ordered route, apart from the other advisory locks by its first key.
        return "SELECT pg_try_advisory_xact_lock(28, hashtext(?))";
    }

    @Override
    public boolean singleProcess() {
        return false;
    }

    @Override
    public String typeMatches() {
        return "event_type LIKE ? ESCAPE '\\'";
    }

    /** {@code *} becomes {@code %}; LIKE's own wildcards and the escape are matched literally. */
    @Override
    public String typePattern(String glob) {
        return glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
    }

    @Override
    public String countsBySourceAndStatus() {
        return "SELECT source, status, sum(n) FROM (SELECT source, status, n FROM event_counts"
                + " UNION ALL SELECT source, status, n FROM event_count_changes) AS counted"
                + " GROUP BY source, status HAVING sum(n) > 0";
    }

    @Override
    public String countsByHour() {
        return "WITH since AS (SELECT CAST(? AS bigint) AS hour)"
                + " SELECT hour, status, sum(n) FROM (SELECT hour, status, n FROM event_counts_by_hour"
                + " WHERE hour >= (SELECT hour FROM since) UNION ALL SELECT hour, status, n FROM event_count_changes"
                + " WHERE hour >= (SELECT hour FROM since)) AS counted GROUP BY hour, status HAVING sum(n) > 0";
    }

    @Override
    public String foldCounters() {
        return FOLD_COUNTERS;
    }

    /** Held to the end of the slice's transaction; an instance that does not get it skips its slice. */
    @Override
    public String mayPrune() {
        return "SELECT pg_try_advisory_xact_lock(480235602)";
    }

    @Override
    public String notifyWork() {
        return "NOTIFY " + WORK_CHANNEL;
    }

    /** None: a replaced row version stays in the table's file until VACUUM reclaims the space. */
    @Override
    public String eraseDeleted(boolean on) {
        return null;
    }

    /** PostgreSQL's text cannot hold U+0000 ({@link SenderText} says how it is kept). */
    @Override
    public String storedText(String text) {
        return SenderText.stored(text);
    }

    @Override
    public String senderText(String stored) {
        return SenderText.read(stored);
    }

    /** U+0000, which PostgreSQL's text cannot hold, becomes U+FFFD, the replacement character. */
    @Override
    public String messageText(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    @Override
    public boolean retryable(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
