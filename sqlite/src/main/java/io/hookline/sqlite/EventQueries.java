package io.hookline.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What operators read: events by filter, newest first; one event with its deliveries and attempts; counts. */
public final class EventQueries {

    private static final String SUMMARY_COLUMNS =
            "id, source, provider, event_type, idempotency_key, received_at, status, last_error_class";

    private final SqliteDatabase database;

    public EventQueries(SqliteDatabase database) {
        this.database = database;
    }

    /**
     * Events matching the filter, newest first, {@code limit} at a time. The cursor is the last id
     * of the previous page; ids sort by arrival, so a page is stable while events keep arriving.
     */
    public EventPage list(EventFilter filter, String cursor, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM events WHERE 1 = 1");
        where(filter, sql, parameters);
        if (cursor != null && !cursor.isBlank()) {
            sql.append(" AND id < ?");
            parameters.add(cursor);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(limit + 1);
        List<EventSummary> events = database.read("list events", connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                bind(query, parameters);
                return summaries(query);
            }
        });
        if (events.size() <= limit) {
            return new EventPage(events, null);
        }
        List<EventSummary> page = events.subList(0, limit);
        return new EventPage(List.copyOf(page), page.get(limit - 1).id());
    }

    /** One event with its deliveries and attempts. */
    public Optional<EventDetail> detail(String id) {
        return database.read("read event " + id, connection -> {
            EventSummary summary;
            Instant occurredAt;
            Map<String, String> headers;
            long bodySize;
            try (PreparedStatement query = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS
                    + ", occurred_at, headers, CASE WHEN body_pruned = 1 THEN -1 ELSE length(body) END AS body_size"
                    + " FROM events WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    summary = summary(row);
                    long occurred = row.getLong("occurred_at");
                    occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
                    headers = HeaderBlock.decode(row.getString("headers"));
                    bodySize = row.getLong("body_size");
                }
            }
            List<EventDetail.Delivery> deliveries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT route, handler, status, attempts,"
                    + " next_attempt_at, last_error_class, last_error FROM deliveries WHERE event_id = ? ORDER BY route")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        long next = row.getLong("next_attempt_at");
                        Instant nextAttemptAt = row.wasNull() ? null : Instant.ofEpochMilli(next);
                        deliveries.add(new EventDetail.Delivery(row.getString("route"), row.getString("handler"),
                                DeliveryStatus.of(row.getString("status")), row.getInt("attempts"), nextAttemptAt,
                                row.getString("last_error_class"), row.getString("last_error")));
                    }
                }
            }
            List<EventDetail.Attempt> attempts = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT route, handler, number, started_at,"
                    + " duration_ms, outcome, error_class, message FROM attempts WHERE event_id = ? ORDER BY id")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        attempts.add(new EventDetail.Attempt(row.getString("route"), row.getString("handler"),
                                row.getInt("number"), Instant.ofEpochMilli(row.getLong("started_at")),
                                row.getLong("duration_ms"), row.getString("outcome"), row.getString("error_class"),
                                row.getString("message")));
                    }
                }
            }
            return Optional.of(new EventDetail(summary, occurredAt, headers, bodySize, deliveries, attempts));
        });
    }

    /** Events per source and status, for metrics and the dashboard. */
    public Map<String, Map<DeliveryStatus, Long>> countsBySourceAndStatus() {
        return database.read("count events", connection -> {
            Map<String, Map<DeliveryStatus, Long>> counts = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT source, status, count(*) FROM events GROUP BY source, status");
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.computeIfAbsent(row.getString(1), source -> new TreeMap<>())
                            .put(DeliveryStatus.of(row.getString(2)), row.getLong(3));
                }
            }
            return counts;
        });
    }

    /** Events received since {@code since}, per hour (its start) and status, oldest hour first. */
    public Map<Instant, Map<DeliveryStatus, Long>> hourly(Instant since) {
        return database.read("count events per hour", connection -> {
            Map<Instant, Map<DeliveryStatus, Long>> hours = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT (received_at / 3600000) * 3600000,"
                    + " status, count(*) FROM events WHERE received_at >= ? GROUP BY 1, 2")) {
                query.setLong(1, since.toEpochMilli());
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        hours.computeIfAbsent(Instant.ofEpochMilli(row.getLong(1)), hour -> new TreeMap<>())
                                .put(DeliveryStatus.of(row.getString(2)), row.getLong(3));
                    }
                }
            }
            return hours;
        });
    }

    private static void where(EventFilter filter, StringBuilder sql, List<Object> parameters) {
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(filter.status().wireName());
        }
        if (filter.source() != null) {
            sql.append(" AND source = ?");
            parameters.add(filter.source());
        }
        if (filter.type() != null) {
            sql.append(" AND event_type GLOB ?");
            parameters.add(filter.type().replace("[", "[[]").replace("?", "[?]"));
        }
        if (filter.receivedFrom() != null) {
            sql.append(" AND received_at >= ?");
            parameters.add(filter.receivedFrom().toEpochMilli());
        }
        if (filter.receivedBefore() != null) {
            sql.append(" AND received_at < ?");
            parameters.add(filter.receivedBefore().toEpochMilli());
        }
    }

    private static void bind(PreparedStatement query, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            query.setObject(i + 1, parameters.get(i));
        }
    }

    private static List<EventSummary> summaries(PreparedStatement query) throws SQLException {
        List<EventSummary> summaries = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                summaries.add(summary(row));
            }
        }
        return summaries;
    }

    private static EventSummary summary(ResultSet row) throws SQLException {
        return new EventSummary(row.getString("id"), row.getString("source"), row.getString("provider"),
                row.getString("event_type"), row.getString("idempotency_key"),
                Instant.ofEpochMilli(row.getLong("received_at")), DeliveryStatus.of(row.getString("status")),
                row.getString("last_error_class"));
    }
}
