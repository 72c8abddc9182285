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
        if (!bySource.isEmpty()) {
            write(context.statement(ADD_TO_SOURCE), bySource);
            write(context.statement(ADD_TO_HOUR), byHour);
        }
    }

    /** One upsert per counter row whose count changed: its key (a source, an hour), its status, the change. */
    private static void write(PreparedStatement upsert, Map<?, Map<String, Integer>> counted) throws SQLException {
        for (Map.Entry<?, Map<String, Integer>> row : counted.entrySet()) {
            for (Map.Entry<String, Integer> status : row.getValue().entrySet()) {
                if (status.getValue() != 0) {
                    upsert.setObject(1, row.getKey());
                    upsert.setString(2, status.getKey());
                    upsert.setInt(3, status.getValue());
                    upsert.executeUpdate();
                }
            }
        }
    }
}
