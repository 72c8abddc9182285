package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The changes one batch of the writer makes to the event counters ({@code event_counts} by source
 * and status, {@code event_counts_by_hour} by receipt hour and status): events inserted, and events
 * whose status moved. Written with one statement per counter row that changed when the batch
 * commits, where the dialect has the writer keep the counters ({@link Dialect#writerCountsEvents}).
 */
final class BatchCounts {

    private static final String ADD_TO_SOURCE = "INSERT INTO event_counts (source, status, n) VALUES (?, ?, ?)"
            + " ON CONFLICT (source, status) DO UPDATE SET n = event_counts.n + excluded.n";
    private static final String ADD_TO_HOUR = "INSERT INTO event_counts_by_hour (hour, status, n) VALUES (?, ?, ?)"
            + " ON CONFLICT (hour, status) DO UPDATE SET n = event_counts_by_hour.n + excluded.n";
    private static final long HOUR = 3_600_000;

    private final Map<String, Map<String, Integer>> bySource = new HashMap<>(4);
    private final Map<Long, Map<String, Integer>> byHour = new HashMap<>(4);

    /** Counts an inserted event. */
    void inserted(String source, long receivedAt, String status) {
        add(source, receivedAt, status, 1);
    }

    /** Moves an event from one status to another. */
    void moved(String source, long receivedAt, String from, String to) {
        if (!from.equals(to)) {
            add(source, receivedAt, from, -1);
            add(source, receivedAt, to, 1);
        }
    }

    private void add(String source, long receivedAt, String status, int n) {
        bySource.computeIfAbsent(source, any -> new HashMap<>(4)).merge(status, n, Integer::sum);
        byHour.computeIfAbsent(receivedAt / HOUR * HOUR, any -> new HashMap<>(4)).merge(status, n, Integer::sum);
    }

    /** Adds what was counted to the counters, in the batch's transaction. */
    void write(WriteContext context) throws SQLException {
        if (bySource.isEmpty()) {
            return;
        }
        PreparedStatement source = context.statement(ADD_TO_SOURCE);
        for (Map.Entry<String, Map<String, Integer>> counted : bySource.entrySet()) {
            for (Map.Entry<String, Integer> status : counted.getValue().entrySet()) {
                if (status.getValue() != 0) {
                    source.setString(1, counted.getKey());
                    source.setString(2, status.getKey());
                    source.setInt(3, status.getValue());
                    source.executeUpdate();
                }
            }
        }
        PreparedStatement hour = context.statement(ADD_TO_HOUR);
        for (Map.Entry<Long, Map<String, Integer>> counted : byHour.entrySet()) {
            for (Map.Entry<String, Integer> status : counted.getValue().entrySet()) {
                if (status.getValue() != 0) {
                    hour.setLong(1, counted.getKey());
                    hour.setString(2, status.getKey());
                    hour.setInt(3, status.getValue());
                    hour.executeUpdate();
                }
            }
        }
    }
}
