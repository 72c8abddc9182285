package io.hookline.receiver.store.records;

import io.hookline.store.HeaderBlock;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.hookline.store.SubscriptionStore.Outcome;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The subscriptions' rows, through {@link SubscriptionRepository} on the store's connections (but {@link #all}). */
@Singleton
public final class SubscriptionRecords implements SubscriptionStore.Records {

    private final StoreConnections connections;
    private final SubscriptionRepository repository;

    SubscriptionRecords(StoreConnections connections, SubscriptionRepository repository) {
        this.connections = connections;
        this.repository = repository;
    }

    @Override
    public CompletableFuture<Outcome> create(Subscription subscription) {
        SubscriptionRow row = SubscriptionRow.of(subscription);
        return connections.write(() -> {
            if (repository.existsByNameAndIdNotEqual(row.name(), row.id())) {
                return Outcome.NAME_TAKEN;
            }
            repository.save(row);
            return Outcome.DONE;
        });
    }

    @Override
    public CompletableFuture<Outcome> update(Subscription subscription) {
        SubscriptionRow row = SubscriptionRow.of(subscription);
        return connections.write(() -> {
            if (repository.existsByNameAndIdNotEqual(row.name(), row.id())) {
                return Outcome.NAME_TAKEN;
            }
            long updated = repository.update(row.id(), row.name(), row.url(), row.events(), row.headers(),
                    row.description(), row.enabled(), row.secret(), row.previousSecret(), row.previousUntil(),
                    row.updatedAt(), row.failingSince(), row.disabledReason(), row.sealedHeaders(), row.timeoutMs(),
                    row.retryDelays(), row.signing(), row.publicKey(), row.whereExpression(),
                    row.eventForm(), row.orderBy());
            return updated == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
        });
    }

    /** Read without the repository: see {@link #all}. */
    @Override
    public Map<String, Map<String, String>> clearHeaders() {
        return connections.readJdbc("list the subscriptions whose headers are not sealed", connection -> {
            Map<String, Map<String, String>> clear = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, headers FROM subscriptions WHERE sealed_headers IS NULL ORDER BY id");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    clear.put(rows.getString(1), HeaderBlock.decode(rows.getString(2)));
                }
            }
            return clear;
        });
    }

    @Override
    public CompletableFuture<Boolean> sealHeaders(String id, Subscription.Headers headers) {
        String names = SubscriptionRow.names(headers);
        byte[] sealed = SubscriptionRow.sealed(headers);
        return connections.writeErasing(() -> repository.seal(id, names, sealed) == 1);
    }

    @Override
    public CompletableFuture<Void> failing(String id, Instant since) {
        return connections.write(() -> {
            repository.failing(id, since.toEpochMilli());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> working(String id) {
        return connections.write(() -> {
            repository.working(id);
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> disable(String id, String reason, Instant at) {
        return connections.write(() -> repository.disable(id, reason, at.toEpochMilli()) == 1);
    }

    @Override
    public CompletableFuture<Outcome> delete(String id) {
        return connections.write(() -> repository.deleteById(id) == 1 ? Outcome.DONE : Outcome.NOT_FOUND);
    }

    /**
     * Read with plain JDBC, not through {@link SubscriptionRepository}: this read and {@link #clearHeaders}
     * run at every start, before the server listens ({@code SubscriptionRegistry}), and the repository's
     * first call set up Micronaut Data's query machinery there, some 180 classes and about a tenth of
     * the start (docs/performance.md, issue 32). The other calls, which come with an admin request or a
     * delivery's outcome, keep the repository. {@code SubscriptionRecordsTest} holds this read to the
     * repository's {@link #find}, column for column.
     */
    @Override
    public List<Subscription> all() {
        return connections.readJdbc("list subscriptions", connection -> {
            List<Subscription> all = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(ALL);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    all.add(row(rows).subscription());
                }
            }
            return all;
        });
    }

    /** Every column of {@link SubscriptionRow}, in the order of its components. */
    private static final String ALL = "SELECT id, name, url, events, headers, description, enabled, secret, previous_secret,"
            + " previous_until, created_at, updated_at, failing_since, disabled_reason, sealed_headers, timeout_ms,"
            + " retry_delays, signing, public_key, where_expression, event_form, order_by FROM subscriptions ORDER BY name";

    private static SubscriptionRow row(ResultSet rows) throws SQLException {
        return new SubscriptionRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getInt(7), rows.getBytes(8), rows.getBytes(9),
                nullableLong(rows, 10), rows.getLong(11), rows.getLong(12), nullableLong(rows, 13), rows.getString(14),
                rows.getBytes(15), nullableLong(rows, 16), rows.getString(17), rows.getString(18), rows.getString(19),
                rows.getString(20), rows.getString(21), rows.getString(22));
    }

    private static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    @Override
    public Optional<Subscription> find(String id) {
        return connections.read("find subscription " + id,
                () -> repository.findById(id).map(SubscriptionRow::subscription));
    }
}
