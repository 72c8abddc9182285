package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The events one batch of the writer inserts, by source and status, added to the counters with one
 * statement per source and status when the batch commits, where the dialect has the writer count
 * them ({@link Dialect#writerCountsInserts}). All of a batch's events share its receipt hour.
 */
final class BatchCounts {

    private static final String ADD_TO_SOURCE = "INSERT INTO event_counts (source, status, n) VALUES (?, ?, ?)"
            + " ON CONFLICT (source, status) DO UPDATE SET n = event_counts.n + excluded.n";
    private static final String ADD_TO_HOUR = "INSERT INTO event_counts_by_hour (hour, status, n) VALUES (?, ?, ?)"
            + " ON CONFLICT (hour, status) DO UPDATE SET n = event_counts_by_hour.n + excluded.n";
    private static final long HOUR = 3_600_000;

    private final Map<String, Map<String, Integer>> bySourceAndStatus = new HashMap<>(4);

    /** Counts one inserted event. */
    void inserted(String source, String status) {
        bySourceAndStatus.computeIfAbsent(source, any -> new HashMap<>(2)).merge(status, 1, Integer::sum);
    }

    /** Adds what was counted to the counters, in the batch's transaction. */
    void write(WriteContext context) throws SQLException {
        if (bySourceAndStatus.isEmpty()) {
            return;
        }
        Map<String, Integer> byStatus = new HashMap<>(2);
        PreparedStatement source = context.statement(ADD_TO_SOURCE);
        for (Map.Entry<String, Map<String, Integer>> counted : bySourceAndStatus.entrySet()) {
            for (Map.Entry<String, Integer> status : counted.getValue().entrySet()) {
                source.setString(1, counted.getKey());
                source.setString(2, status.getKey());
                source.setInt(3, status.getValue());
                source.executeUpdate();
                byStatus.merge(status.getKey(), status.getValue(), Integer::sum);
            }
        }
        PreparedStatement hour = context.statement(ADD_TO_HOUR);
        for (Map.Entry<String, Integer> status : byStatus.entrySet()) {
            hour.setLong(1, context.now() / HOUR * HOUR);
            hour.setString(2, status.getKey());
            hour.setInt(3, status.getValue());
            hour.executeUpdate();
        }
    }
}
