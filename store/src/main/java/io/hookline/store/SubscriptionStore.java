package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Outbound subscriptions: create, change, delete and read them. A handful of rows, read whole. */
public final class SubscriptionStore {

    private static final String COLUMNS = "id, name, url, events, headers, description, enabled, secret,"
            + " previous_secret, previous_until, created_at, updated_at, failing_since, disabled_reason, sealed_headers,"
            + " timeout_ms, retry_delays, signing, public_key, order_by";
    private static final String INSERT = "INSERT INTO subscriptions (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE subscriptions SET name = ?, url = ?, events = ?, headers = ?,"
            + " description = ?, enabled = ?, secret = ?, previous_secret = ?, previous_until = ?, updated_at = ?,"
            + " failing_since = ?, disabled_reason = ?, sealed_headers = ?, timeout_ms = ?, retry_delays = ?, signing = ?,"
            + " public_key = ?, order_by = ? WHERE id = ?";
    private static final String CLEAR_HEADERS = "SELECT id, headers FROM subscriptions WHERE sealed_headers IS NULL"
            + " ORDER BY id";
    private static final String SEAL_HEADERS = "UPDATE subscriptions SET headers = ?, sealed_headers = ?"
            + " WHERE id = ? AND sealed_headers IS NULL";
    private static final String FAILING = "UPDATE subscriptions SET failing_since = ? WHERE id = ? AND failing_since IS NULL";
    private static final String WORKING = "UPDATE subscriptions SET failing_since = NULL WHERE id = ?"
            + " AND failing_since IS NOT NULL";
    private static final String DISABLE = "UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ?"
            + " WHERE id = ? AND enabled = 1";
    private static final String NAME_TAKEN = "SELECT 1 FROM subscriptions WHERE name = ? AND id <> ?";
    private static final String DELETE = "DELETE FROM subscriptions WHERE id = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM subscriptions ORDER BY name";
    private static final String DELIVERIES = "SELECT event_id, status, attempts, next_attempt_at, last_error_class,"
            + " last_error FROM deliveries WHERE route = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?";
    private static final String DELIVERIES_WITH_STATUS = "SELECT event_id, status, attempts, next_attempt_at,"
            + " last_error_class, last_error FROM deliveries WHERE route = ? AND event_id < ? AND status = ?"
            + " ORDER BY event_id DESC LIMIT ?";
    private static final String ATTEMPTS = "SELECT route, handler, number, started_at, duration_ms, outcome, error_class,"
            + " message, instance, " + AttemptRows.ANSWER_COLUMNS + " FROM attempts WHERE event_id = ? AND route = ? ORDER BY id";

    /** What a write did. */
    public enum Outcome { DONE, NAME_TAKEN, NOT_FOUND }

    private final Database database;

    public SubscriptionStore(Database database) {
        this.database = database;
    }

    /** Stores a new subscription unless its name is taken. */
    public CompletableFuture<Outcome> create(Subscription subscription) {
        return database.write(context -> {
            if (nameTaken(context, subscription)) {
                return Outcome.NAME_TAKEN;
            }
            PreparedStatement insert = context.statement(INSERT);
            insert.setString(1, subscription.id());
            insert.setString(2, subscription.name());
            insert.setString(3, subscription.url());
            insert.setString(4, String.join("\n", subscription.events()));
            insert.setString(5, names(subscription.headers()));
            setText(insert, 6, subscription.description());
            insert.setInt(7, subscription.enabled() ? 1 : 0);
            insert.setBytes(8, subscription.sealedSecret());
            insert.setBytes(9, subscription.sealedPreviousSecret());
            setTime(insert, 10, subscription.previousUntil());
            insert.setLong(11, subscription.createdAt().toEpochMilli());
            insert.setLong(12, subscription.updatedAt().toEpochMilli());
            insert.setBytes(13, sealed(subscription.headers()));
            setPolicy(insert, 14, subscription.policy());
            setSigning(insert, 16, subscription.signing());
            setText(insert, 18, subscription.policy().orderBy());
            insert.executeUpdate();
            return Outcome.DONE;
        });
    }

    /** Replaces a subscription's fields (all but its id and creation time). */
    public CompletableFuture<Outcome> update(Subscription subscription) {
        return database.write(context -> {
            if (nameTaken(context, subscription)) {
                return Outcome.NAME_TAKEN;
            }
            PreparedStatement update = context.statement(UPDATE);
            update.setString(1, subscription.name());
            update.setString(2, subscription.url());
            update.setString(3, String.join("\n", subscription.events()));
            update.setString(4, names(subscription.headers()));
            setText(update, 5, subscription.description());
            update.setInt(6, subscription.enabled() ? 1 : 0);
            update.setBytes(7, subscription.sealedSecret());
            update.setBytes(8, subscription.sealedPreviousSecret());
            setTime(update, 9, subscription.previousUntil());
            update.setLong(10, subscription.updatedAt().toEpochMilli());
            setTime(update, 11, subscription.failingSince());
            setText(update, 12, subscription.disabledReason());
            update.setBytes(13, sealed(subscription.headers()));
            setPolicy(update, 14, subscription.policy());
            setSigning(update, 16, subscription.signing());
            setText(update, 18, subscription.policy().orderBy());
            update.setString(19, subscription.id());
            return update.executeUpdate() == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
        });
    }

    /**
     * The extra headers, names and values in clear, of every subscription written before headers
     * were sealed, by id: the receiver seals them with {@link #sealHeaders} at start, the first
     * time it has the key.
     */
    public Map<String, Map<String, String>> clearHeaders() {
        return database.read("list the subscriptions whose headers are not sealed", statements -> {
            Map<String, Map<String, String>> clear = new LinkedHashMap<>();
            try (ResultSet row = statements.statement(CLEAR_HEADERS).executeQuery()) {
                while (row.next()) {
                    clear.put(row.getString("id"), HeaderBlock.decode(row.getString("headers")));
                }
            }
            return clear;
        });
    }

    /**
     * Replaces a subscription's headers in clear by sealed ones, unless another instance already
     * did; answers whether this call did. Where the engine can, the clear values are overwritten in
     * the database file rather than left in its free space.
     */
    public CompletableFuture<Boolean> sealHeaders(String id, Subscription.Headers headers) {
        String eraseOn = database.dialect().eraseDeleted(true);
        String eraseOff = database.dialect().eraseDeleted(false);
        return database.write(context -> {
            if (eraseOn != null) {
                context.statement(eraseOn).execute();
            }
            try {
                PreparedStatement seal = context.statement(SEAL_HEADERS);
                seal.setString(1, names(headers));
                seal.setBytes(2, headers.sealed());
                seal.setString(3, id);
                return seal.executeUpdate() == 1;
            } finally {
                if (eraseOff != null) {
                    context.statement(eraseOff).execute();
                }
            }
        });
    }

    /** Notes that a delivery failed; the first failure after a success starts the failing time. */
    public CompletableFuture<Void> failing(String id, Instant since) {
        return database.write(context -> {
            PreparedStatement failing = context.statement(FAILING);
            failing.setLong(1, since.toEpochMilli());
            failing.setString(2, id);
            failing.executeUpdate();
            return null;
        });
    }

    /** Notes that a delivery succeeded: the subscription is not failing. */
    public CompletableFuture<Void> working(String id) {
        return database.write(context -> {
            PreparedStatement working = context.statement(WORKING);
            working.setString(1, id);
            working.executeUpdate();
            return null;
        });
    }

    /** Disables an enabled subscription, saying why; answers whether this call disabled it. */
    public CompletableFuture<Boolean> disable(String id, String reason, Instant at) {
        return database.write(context -> {
            PreparedStatement disable = context.statement(DISABLE);
            disable.setString(1, reason);
            disable.setLong(2, at.toEpochMilli());
            disable.setString(3, id);
            return disable.executeUpdate() == 1;
        });
    }

    public CompletableFuture<Outcome> delete(String id) {
        return database.write(context -> {
            PreparedStatement delete = context.statement(DELETE);
            delete.setString(1, id);
            return delete.executeUpdate() == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
        });
    }

    /** Every subscription, by name. */
    public List<Subscription> all() {
        return database.read("list subscriptions", statements -> {
            List<Subscription> all = new ArrayList<>();
            try (ResultSet row = statements.statement(ALL).executeQuery()) {
                while (row.next()) {
                    all.add(subscription(row));
                }
            }
            return all;
        });
    }

    public Optional<Subscription> find(String id) {
        return all().stream().filter(subscription -> subscription.id().equals(id)).findFirst();
    }

    /** One delivery of a route (a subscription) with its attempts. */
    public record RouteDelivery(String eventId, DeliveryStatus status, int attempts, Instant nextAttemptAt,
            String lastErrorClass, String lastError, List<EventDetail.Attempt> tries) {}

    /**
     * The deliveries of a route, newest event first, before the event id {@code before} (null: from
     * the newest), of one status or all; through the route's index.
     */
    public List<RouteDelivery> deliveries(String route, DeliveryStatus status, String before, int limit) {
        return database.read("list the deliveries of " + route, statements -> {
            PreparedStatement query = statements.statement(status == null ? DELIVERIES : DELIVERIES_WITH_STATUS);
            query.setString(1, route);
            query.setString(2, before == null ? EventIds.AFTER_EVERY_ID : before);
            if (status != null) {
                query.setString(3, status.wireName());
            }
            query.setInt(status == null ? 3 : 4, limit);
            List<RouteDelivery> found = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long next = row.getLong("next_attempt_at");
                    Instant nextAt = row.wasNull() ? null : Instant.ofEpochMilli(next);
                    found.add(new RouteDelivery(row.getString("event_id"), DeliveryStatus.of(row.getString("status")),
                            row.getInt("attempts"), nextAt, row.getString("last_error_class"), row.getString("last_error"),
                            List.of()));
                }
            }
            List<RouteDelivery> withAttempts = new ArrayList<>();
            PreparedStatement attempts = statements.statement(ATTEMPTS);
            for (RouteDelivery delivery : found) {
                attempts.setString(1, delivery.eventId());
                attempts.setString(2, route);
                List<EventDetail.Attempt> tries = new ArrayList<>();
                try (ResultSet row = attempts.executeQuery()) {
                    while (row.next()) {
                        tries.add(new EventDetail.Attempt(row.getString("route"), row.getString("handler"),
                                row.getInt("number"), Instant.ofEpochMilli(row.getLong("started_at")),
                                row.getLong("duration_ms"), row.getString("outcome"), row.getString("error_class"),
                                row.getString("message"), row.getString("instance"), AttemptRows.answer(row)));
                    }
                }
                withAttempts.add(new RouteDelivery(delivery.eventId(), delivery.status(), delivery.attempts(),
                        delivery.nextAttemptAt(), delivery.lastErrorClass(), delivery.lastError(), List.copyOf(tries)));
            }
            return withAttempts;
        });
    }

    private static boolean nameTaken(WriteContext context, Subscription subscription) throws SQLException {
        PreparedStatement taken = context.statement(NAME_TAKEN);
        taken.setString(1, subscription.name());
        taken.setString(2, subscription.id());
        try (ResultSet row = taken.executeQuery()) {
            return row.next();
        }
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** The names only: a header block with empty values, the form rows written before sealing also decode. */
    private static String names(Subscription.Headers headers) {
        Map<String, String> names = new LinkedHashMap<>();
        headers.names().forEach(name -> names.put(name, ""));
        return HeaderBlock.encode(names);
    }

    private static byte[] sealed(Subscription.Headers headers) {
        if (headers.sealed() == null) {
            throw new IllegalArgumentException("a subscription's headers are stored sealed");
        }
        return headers.sealed();
    }

    private static void setPolicy(PreparedStatement statement, int index, Subscription.Policy policy) throws SQLException {
        if (policy.timeout() == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, policy.timeout().toMillis());
        }
        setText(statement, index + 1, policy.retryDelays() == null ? null : policy.retryDelays().stream()
                .map(delay -> Long.toString(delay.toMillis())).collect(Collectors.joining(",")));
    }

    private static Subscription.Policy policy(ResultSet row) throws SQLException {
        long timeoutMillis = row.getLong("timeout_ms");
        Duration timeout = row.wasNull() ? null : Duration.ofMillis(timeoutMillis);
        String delays = row.getString("retry_delays");
        List<Duration> retryDelays = delays == null ? null : delays.isEmpty() ? List.of()
                : Arrays.stream(delays.split(",")).map(millis -> Duration.ofMillis(Long.parseLong(millis))).toList();
        return new Subscription.Policy(timeout, retryDelays, row.getString("order_by"));
    }

    private static void setSigning(PreparedStatement statement, int index, Subscription.Signing signing)
            throws SQLException {
        statement.setString(index, signing.scheme().wireName());
        setText(statement, index + 1, signing.publicKey());
    }

    private static Subscription.Signing signing(ResultSet row) throws SQLException {
        Subscription.Scheme scheme = Subscription.Scheme.of(row.getString("signing"));
        if (scheme == null) {
            throw new SQLException("subscription " + row.getString("id") + " has an unknown signing scheme '"
                    + row.getString("signing") + "'");
        }
        return new Subscription.Signing(scheme, row.getString("public_key"));
    }

    private static void setTime(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    private static Subscription subscription(ResultSet row) throws SQLException {
        long previousUntil = row.getLong("previous_until");
        Instant until = row.wasNull() ? null : Instant.ofEpochMilli(previousUntil);
        String events = row.getString("events");
        return new Subscription(row.getString("id"), row.getString("name"), row.getString("url"),
                events.isEmpty() ? List.of() : Arrays.asList(events.split("\n")),
                new Subscription.Headers(List.copyOf(HeaderBlock.decode(row.getString("headers")).keySet()),
                        row.getBytes("sealed_headers")),
                row.getString("description"), row.getInt("enabled") == 1,
                row.getBytes("secret"), row.getBytes("previous_secret"), until,
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
                time(row, "failing_since"), row.getString("disabled_reason"), policy(row), signing(row));
    }

    private static Instant time(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** A new subscription id, {@code sub_} and a ULID. */
    public static String newId(long epochMillis) {
        return "sub_" + EventIds.next(epochMillis).substring("evt_".length());
    }
}
