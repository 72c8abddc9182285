package io.hookline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The replays on record, each with the deliveries it queued again, for the events' history (the
 * receiver's repository). The delivery queue calls it inside its own write, so that a replay, what
 * it queued and its record are one commit; the event queries call it inside the event's detail read.
 * Each call gets the connection the store lent for it: it must neither commit nor close it.
 */
public interface ReplayRecords {

    /** Records a replay started at {@code at}; answers its id. */
    long start(Connection connection, ReplayRequest request, Instant at) throws SQLException;

    /** Records that the replay {@code replayId} queued these deliveries of the event again (a dry run: would have). */
    void replayed(Connection connection, long replayId, String eventId, List<String> routes) throws SQLException;

    /** The event's replays, oldest first, each with the routes it queued again. */
    List<EventDetail.Replay> history(Connection connection, String eventId) throws SQLException;
}
