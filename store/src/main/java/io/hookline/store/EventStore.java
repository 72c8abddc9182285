package io.hookline.store;

import io.hookline.spi.StoredEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends webhooks with their idempotency keys and deliveries, and reads them back.
 */
public final class EventStore {

    private static final String INSERT_KEY = "INSERT INTO idempotency_keys (source, key, event_id, first_seen)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (source, key) DO NOTHING";
    private static final String FIND_KEY = "SELECT event_id FROM idempotency_keys WHERE source = ? AND key = ?";
    private static final String INSERT_EVENT = "INSERT INTO events (id, source, provider, event_type,"
            + " idempotency_key, received_at, occurred_at, headers, body, status, body_encoding, body_size, request_id,"
            + " routing_notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_DELIVERY = "INSERT INTO deliveries (event_id, route, handler, status,"
            + " next_attempt_at, updated_at, order_key) VALUES (?, ?, ?, 'pending', ?, ?, ?)";
    private static final String TOUCH_HEARTBEAT = "UPDATE heartbeat SET at = ? WHERE id = 1";
    private static final String FIND_EVENT = "SELECT id, source, provider, event_type, idempotency_key,"
            + " received_at, occurred_at, headers, body, body_encoding, body_size, request_id FROM events WHERE id = ?";

    private final Database database;
    private final AtomicLong pendingBytes = new AtomicLong();

    public EventStore(Database database) {
        this.database = database;
    }

    /**
     * Stores the event and its deliveries unless its key is already stored for its source. The
     * future completes after the commit with the new event id, or with the first event's id for a
     * duplicate; it fails with {@link StorageException} when nothing could be committed.
     */
    public CompletableFuture<Receipt> append(NewEvent event) {
        long size = event.body().length;
        long limit = database.writerSettings().maxPendingBytes();
        if (pendingBytes.addAndGet(size) > limit && size > 0) {
            pendingBytes.addAndGet(-size);
            database.refusedWrite();
            return CompletableFuture.failedFuture(new StorageException("more than " + limit / (1024 * 1024)
                    + " MB of bodies are waiting to be written; the disk is not keeping up"));
        }
        // The id, the header text and the compressed body are made here, on the caller's thread, to
        // keep the writer's work to SQL.
        String id = EventIds.next(database.clock().millis());
        String headers = HeaderBlock.encode(event.headers());
        BodyCodec.Stored body = BodyCodec.encode(event.body());
        return database.writeLocking(event.source() + '\n' + event.key(),
                        context -> append(context, database.dialect(), event, id, headers, body))
                .whenComplete((receipt, failure) -> pendingBytes.addAndGet(-size));
    }

    /** Completes once a write has been committed through the writer; fails when none can be. */
    public CompletableFuture<Void> checkWritable() {
        return database.write(context -> {
            PreparedStatement touch = context.statement(TOUCH_HEARTBEAT);
            touch.setLong(1, context.now());
            touch.executeUpdate();
            return null;
        });
    }

    /** The stored event with this id, with its body (null once pruned) and kept headers. */
    public Optional<StoredEvent> find(String id) {
        return database.read("read event " + id, statements -> {
            PreparedStatement query = statements.statement(FIND_EVENT);
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(storedEvent(row, database.dialect())) : Optional.empty();
            }
        });
    }

    /** What the store is on, for logs: the engine and where. */
    public String description() {
        return database.description();
    }

    private static Receipt append(WriteContext context, Dialect dialect, NewEvent event, String id, String headers,
            BodyCodec.Stored body) throws SQLException {
        long now = context.now();
        String key = dialect.storedText(event.key());
        PreparedStatement insertKey = context.statement(INSERT_KEY);
        insertKey.setString(1, event.source());
        insertKey.setString(2, key);
        insertKey.setString(3, id);
        insertKey.setLong(4, now);
        if (insertKey.executeUpdate() == 0) {
            return new Receipt(firstEventId(context, event.source(), key), true);
        }
        PreparedStatement insertEvent = context.statement(INSERT_EVENT);
        insertEvent.setString(1, id);
        insertEvent.setString(2, event.source());
        insertEvent.setString(3, event.provider());
        insertEvent.setString(4, dialect.storedText(event.type()));
        insertEvent.setString(5, key);
        insertEvent.setLong(6, now);
        if (event.occurredAt() == null) {
            insertEvent.setNull(7, Types.INTEGER);
        } else {
            insertEvent.setLong(7, event.occurredAt().toEpochMilli());
        }
        insertEvent.setString(8, headers);
        insertEvent.setBytes(9, body.bytes());
        String status = (event.targets().isEmpty() ? DeliveryStatus.PROCESSED : DeliveryStatus.PENDING).wireName();
        insertEvent.setString(10, status);
        insertEvent.setInt(11, body.encoding());
        insertEvent.setInt(12, body.size());
        insertEvent.setString(13, event.requestId());
        insertEvent.setString(14, event.notes().isEmpty() ? null : String.join("\n", event.notes()));
        insertEvent.executeUpdate();
        if (context.counts() != null) {
            context.counts().inserted(event.source(), now, status);
        }
        if (!event.targets().isEmpty()) {
            context.workStored();
        }
        PreparedStatement insertDelivery = context.statement(INSERT_DELIVERY);
        for (DeliveryTarget target : event.targets()) {
            insertDelivery.setString(1, id);
            insertDelivery.setString(2, target.route());
            insertDelivery.setString(3, target.handler());
            insertDelivery.setLong(4, now);
            insertDelivery.setLong(5, now);
            insertDelivery.setString(6, target.orderKey() == null ? null : dialect.storedText(target.orderKey()));
            insertDelivery.executeUpdate();
        }
        return new Receipt(id, false);
    }

    private static String firstEventId(WriteContext context, String source, String storedKey) throws SQLException {
        PreparedStatement findKey = context.statement(FIND_KEY);
        findKey.setString(1, source);
        findKey.setString(2, storedKey);
        try (ResultSet rows = findKey.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("idempotency key conflicted but cannot be read back");
            }
            return rows.getString(1);
        }
    }

    static StoredEvent storedEvent(ResultSet row, Dialect dialect) throws SQLException {
        long occurred = row.getLong("occurred_at");
        Instant occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
        return new StoredEvent(
                row.getString("id"),
                row.getString("source"),
                row.getString("provider"),
                dialect.senderText(row.getString("event_type")),
                dialect.senderText(row.getString("idempotency_key")),
                Instant.ofEpochMilli(row.getLong("received_at")),
                occurredAt,
                HeaderBlock.decode(row.getString("headers")),
                BodyCodec.decode(row.getBytes("body"), row.getInt("body_encoding"), row.getInt("body_size")),
                row.getString("request_id"));
    }
}
