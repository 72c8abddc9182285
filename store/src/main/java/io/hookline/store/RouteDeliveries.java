package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Where one route's (or subscription's) deliveries stand, for the routes panel: how many are
 * pending, retrying and dead, and its last failure. Each count is an index seek bounded by
 * {@link #COUNT_BOUND} rows (the due deliveries by route, the dead ones by route), so a route with
 * a million dead deliveries costs as little as one with ten; past the bound a count says "at least".
 */
public final class RouteDeliveries {

    /** The most rows one count reads; a count at this bound means this many or more. */
    public static final int COUNT_BOUND = 10_000;

    /** How many of a route's deliveries due last are looked through for one that failed. */
    private static final int LATEST_DUE = 100;

    private final Database database;

    public RouteDeliveries(Database database) {
        this.database = database;
    }

    /**
     * One route's counts and last failure.
     *
     * @param pending deliveries never attempted yet, up to {@link #COUNT_BOUND}
     * @param retrying deliveries waiting for their next attempt after a failure, up to the bound
     * @param dead dead deliveries, up to the bound
     * @param lastFailure the latest failed attempt of its newest dead delivery or of the attempted
     *     delivery due last (among the 100 due last), whichever is later; null when neither has one
     */
    public record Health(long pending, long retrying, long dead, Failure lastFailure) {}

    /** A failed attempt: when it started, its error class and message, and the event it was for. */
    public record Failure(Instant at, String errorClass, String message, String eventId) {}

    /** The health of the named route or subscription. */
    public Health health(String route) {
        Dialect dialect = database.dialect();
        String due = "SELECT status FROM deliveries" + dialect.indexedBy("deliveries_due_by_route")
                + " WHERE route = ? AND status IN ('pending', 'retrying')";
        String dead = "SELECT event_id FROM deliveries" + dialect.indexedBy("deliveries_dead_by_route")
                + " WHERE route = ? AND status = 'dead'";
        return database.read("read the deliveries of route " + route, statements -> {
            long pending = 0;
            long retrying = 0;
            PreparedStatement dueCounts = statements.statement("SELECT status, count(*) FROM (" + due + " LIMIT "
                    + COUNT_BOUND + ") AS due_deliveries GROUP BY status");
            dueCounts.setString(1, route);
            try (ResultSet row = dueCounts.executeQuery()) {
                while (row.next()) {
                    if (DeliveryStatus.of(row.getString(1)) == DeliveryStatus.RETRYING) {
                        retrying = row.getLong(2);
                    } else {
                        pending = row.getLong(2);
                    }
                }
            }
            PreparedStatement deadCount = statements.statement(
                    "SELECT count(*) FROM (" + dead + " LIMIT " + COUNT_BOUND + ") AS dead_deliveries");
            deadCount.setString(1, route);
            long deadDeliveries;
            try (ResultSet row = deadCount.executeQuery()) {
                row.next();
                deadDeliveries = row.getLong(1);
            }
            Failure newestDead = lastFailure(statements, route, dead + " ORDER BY event_id DESC LIMIT 1");
            // Of the deliveries due last (retries are due ahead, new ones are due when they came), a
            // bounded few: a long backlog of never-attempted deliveries is not read through, nor are
            // the deliveries parked behind their key (due after any real time).
            Failure latestRetry = lastFailure(statements, route, "SELECT event_id FROM (SELECT event_id, attempts,"
                    + " next_attempt_at FROM deliveries" + dialect.indexedBy("deliveries_due_by_route")
                    + " WHERE route = ? AND status IN ('pending', 'retrying') AND next_attempt_at < " + ParkedDeliveries.OFFSET
                    + " ORDER BY next_attempt_at DESC LIMIT "
                    + LATEST_DUE + ") AS latest_due WHERE attempts > 0 ORDER BY next_attempt_at DESC LIMIT 1");
            Failure last = newestDead == null ? latestRetry
                    : latestRetry == null || newestDead.at().isAfter(latestRetry.at()) ? newestDead : latestRetry;
            return new Health(pending, retrying, deadDeliveries, last);
        });
    }

    /** The last failed attempt on the route of the one event {@code eventQuery} selects, if any. */
    private static Failure lastFailure(PreparedStatements statements, String route, String eventQuery)
            throws SQLException {
        PreparedStatement select = statements.statement(eventQuery);
        select.setString(1, route);
        String eventId;
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            eventId = row.getString(1);
        }
        PreparedStatement attempt = statements.statement("SELECT started_at, error_class, message FROM attempts"
                + " WHERE event_id = ? AND route = ? AND outcome = 'failed' ORDER BY id DESC LIMIT 1");
        attempt.setString(1, eventId);
        attempt.setString(2, route);
        try (ResultSet row = attempt.executeQuery()) {
            return row.next() ? new Failure(Instant.ofEpochMilli(row.getLong(1)), row.getString(2), row.getString(3), eventId)
                    : null;
        }
    }
}
