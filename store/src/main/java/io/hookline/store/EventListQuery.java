package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one list call, so that it costs the same at any size of the store. One index selects
 * the events: by status, else by source, else by id alone, always over an id range (ids sort by
 * arrival, so a time filter is an id range too). Filters the index does not hold (a source beside
 * a status, a type glob) are checked on at most {@link #WINDOW} events a call: when that window
 * fills before the page does, the page comes back short with a cursor to go on from.
 */
final class EventListQuery {

    /** The most events one call examines for filters that its index does not hold. */
    static final int WINDOW = 5_000;

    static final String SUMMARY_COLUMNS =
            "id, source, provider, event_type, idempotency_key, received_at, status, last_error_class";

    private final String from;
    private final String selection;
    private final List<Object> selectionParameters = new ArrayList<>();
    private final String residual;
    private final List<Object> residualParameters = new ArrayList<>();
    private final String upper;
    private final String lower;
    private final Dialect dialect;

    EventListQuery(Dialect dialect, EventFilter filter, String cursor) {
        this.dialect = dialect;
        List<String> residualTerms = new ArrayList<>();
        if (filter.status() != null) {
            from = "events" + dialect.indexedBy("events_by_status");
            selection = "status = ? AND ";
            selectionParameters.add(filter.status().wireName());
            if (filter.source() != null) {
                residualTerms.add("source = ?");
                residualParameters.add(filter.source());
            }
        } else if (filter.source() != null) {
            from = "events" + dialect.indexedBy("events_by_source");
            selection = "source = ? AND ";
            selectionParameters.add(filter.source());
        } else {
            from = "events";
            selection = "";
        }
        if (filter.type() != null) {
            residualTerms.add(dialect.typeMatches());
            residualParameters.add(dialect.typePattern(filter.type()));
        }
        residual = residualTerms.isEmpty() ? "" : " AND " + String.join(" AND ", residualTerms);
        String before = filter.receivedBefore() == null ? EventIds.AFTER_EVERY_ID
                : EventIds.firstAt(filter.receivedBefore().toEpochMilli());
        upper = cursor == null || cursor.isBlank() || cursor.compareTo(before) > 0 ? before : cursor;
        lower = filter.receivedFrom() == null ? EventIds.BEFORE_EVERY_ID
                : EventIds.firstAt(filter.receivedFrom().toEpochMilli());
    }

    /** Up to {@code limit} matching events, newest first, and where the next page starts. */
    EventPage run(PreparedStatements statements, int limit) throws SQLException {
        String floor = lower;
        boolean windowFull = false;
        if (!residual.isEmpty()) {
            PreparedStatement window = statements.statement("SELECT count(*), min(id) FROM (SELECT id FROM " + from
                    + " WHERE " + selection + "id < ? AND id >= ? ORDER BY id DESC LIMIT " + WINDOW + ") AS window_ids");
            int next = bind(window, 1, selectionParameters);
            window.setString(next, upper);
            window.setString(next + 1, lower);
            try (ResultSet row = window.executeQuery()) {
                row.next();
                windowFull = row.getInt(1) == WINDOW;
                if (windowFull) {
                    floor = row.getString(2);
                }
            }
        }
        PreparedStatement page = statements.statement("SELECT " + SUMMARY_COLUMNS + " FROM " + from + " WHERE "
                + selection + "id < ? AND id >= ?" + residual + " ORDER BY id DESC LIMIT ?");
        int next = bind(page, 1, selectionParameters);
        page.setString(next++, upper);
        page.setString(next++, floor);
        next = bind(page, next, residualParameters);
        page.setInt(next, limit + 1);
        List<EventSummary> events = new ArrayList<>();
        try (ResultSet row = page.executeQuery()) {
            while (row.next()) {
                events.add(EventQueries.summary(row, dialect));
            }
        }
        if (events.size() > limit) {
            List<EventSummary> full = List.copyOf(events.subList(0, limit));
            return new EventPage(full, full.get(limit - 1).id());
        }
        return new EventPage(List.copyOf(events), windowFull ? floor : null);
    }

    private static int bind(PreparedStatement statement, int first, List<Object> parameters) throws SQLException {
        int index = first;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }
}
