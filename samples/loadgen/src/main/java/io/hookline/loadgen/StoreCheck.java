package io.hookline.loadgen;

import io.hookline.store.EventIds;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/**
 * After a run, counts the run's keys and events in the receiver's database (read-only, beside the
 * running receiver) to check that every accepted delivery is stored exactly once.
 */
final class StoreCheck {

    private StoreCheck() {}

    record Result(long keys, long events, long distinctEventKeys) {
        boolean matches(long accepted) {
            return keys == accepted && events == accepted && distinctEventKeys == accepted;
        }

        void print(PrintStream out, long accepted) {
            out.printf(Locale.ROOT, "store       keys=%d events=%d distinct event keys=%d, accepted answers=%d: %s%n",
                    keys, events, distinctEventKeys, accepted, matches(accepted) ? "OK, each stored once" : "MISMATCH");
        }
    }

    /**
     * Counts through indexes only, so the check costs the same beside millions of stored events:
     * the run's events by their id range (ids sort by arrival) and the suffix its delivery ids
     * share, and for each of them its key by primary key, pointing back at that event.
     */
    static Result count(String database, String source, String idSuffix, Instant runStart) throws SQLException {
        String since = EventIds.firstAt(runStart.minusSeconds(60).toEpochMilli());
        String pattern = "%" + idSuffix;
        String url = database.startsWith("jdbc:") ? database : "jdbc:sqlite:file:" + database + "?mode=ro";
        try (Connection connection = DriverManager.getConnection(url)) {
            return new Result(
                    count(connection, "SELECT count(*) FROM events e JOIN idempotency_keys k ON k.source = e.source"
                            + " AND k.key = e.idempotency_key AND k.event_id = e.id"
                            + " WHERE e.id >= ? AND e.source = ? AND e.idempotency_key LIKE ?", since, source, pattern),
                    count(connection, "SELECT count(*) FROM events WHERE id >= ? AND source = ? AND idempotency_key LIKE ?",
                            since, source, pattern),
                    count(connection, "SELECT count(DISTINCT idempotency_key) FROM events WHERE id >= ? AND source = ?"
                            + " AND idempotency_key LIKE ?", since, source, pattern));
        }
    }

    private static long count(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
