package io.hookline.receiver.store.records;

import io.hookline.store.HeaderBlock;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.hookline.store.SubscriptionStore.Outcome;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The subscriptions' rows, through {@link SubscriptionRepository} on the store's connections. */
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

    @Override
    public Map<String, Map<String, String>> clearHeaders() {
        return connections.read("list the subscriptions whose headers are not sealed", () -> {
            Map<String, Map<String, String>> clear = new LinkedHashMap<>();
            for (SubscriptionRow row : repository.findBySealedHeadersIsNullOrderById()) {
                clear.put(row.id(), HeaderBlock.decode(row.headers()));
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

    @Override
    public List<Subscription> all() {
        return connections.read("list subscriptions",
                () -> repository.listOrderByName().stream().map(SubscriptionRow::subscription).toList());
    }

    @Override
    public Optional<Subscription> find(String id) {
        return connections.read("find subscription " + id,
                () -> repository.findById(id).map(SubscriptionRow::subscription));
    }
}
