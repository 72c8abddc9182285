package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The full forms of events whose sender delivered a notification only, fetched from the sender's
 * API and kept beside the notification (which stays as received), so that the fetch is made once
 * for every route and replay of the event.
 */
public final class FetchedEvents {

    private static final String FIND = "SELECT body, body_encoding, body_size FROM fetched_events WHERE event_id = ?";
    private static final String KEEP = "INSERT INTO fetched_events (event_id, body, body_encoding, body_size, fetched_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";

    private final Database database;

    public FetchedEvents(Database database) {
        this.database = database;
    }

    /** The kept full form of the event, if it was fetched (and its body is not pruned). */
    public Optional<byte[]> find(String eventId) {
        return database.read("read the fetched form of event " + eventId, statements -> {
            PreparedStatement query = statements.statement(FIND);
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(BodyCodec.decode(row.getBytes(1), row.getInt(2), row.getInt(3)))
                        : Optional.empty();
            }
        });
    }

    /**
     * Keeps the event's full form; completes after the commit. A form kept already stays: two routes
     * that fetched at once keep the first.
     */
    public CompletableFuture<Void> keep(String eventId, byte[] body) {
        BodyCodec.Stored stored = BodyCodec.encode(body);
        return database.write(context -> {
            PreparedStatement insert = context.statement(KEEP);
            insert.setString(1, eventId);
            insert.setBytes(2, stored.bytes());
            insert.setInt(3, stored.encoding());
            insert.setInt(4, stored.size());
            insert.setLong(5, context.now());
            insert.executeUpdate();
            return null;
        });
    }
}
