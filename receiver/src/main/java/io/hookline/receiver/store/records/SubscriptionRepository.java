package io.hookline.receiver.store.records;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** The subscriptions' rows; built for H2's SQL, which SQLite and PostgreSQL run (see {@link ReconcileRunRepository}). */
@JdbcRepository(dialect = Dialect.H2)
interface SubscriptionRepository extends GenericRepository<SubscriptionRow, String> {

    SubscriptionRow save(SubscriptionRow row);

    /** Every column but the id and the creation time. */
    long update(@Id String id, String name, String url, String events, String headers, @Nullable String description,
            int enabled, byte[] secret, @Nullable byte[] previousSecret, @Nullable Long previousUntil, long updatedAt,
            @Nullable Long failingSince, @Nullable String disabledReason, @Nullable byte[] sealedHeaders,
            @Nullable Long timeoutMs, @Nullable String retryDelays, String signing, @Nullable String publicKey,
            @Nullable String whereExpression, @Nullable String eventForm,
            @Nullable String orderBy);

    boolean existsByNameAndIdNotEqual(String name, String id);

    Optional<SubscriptionRow> findById(String id);

    @Query("UPDATE subscriptions SET headers = :headers, sealed_headers = :sealedHeaders"
            + " WHERE id = :id AND sealed_headers IS NULL")
    long seal(String id, String headers, byte[] sealedHeaders);

    @Query("UPDATE subscriptions SET failing_since = :since WHERE id = :id AND failing_since IS NULL")
    long failing(String id, long since);

    @Query("UPDATE subscriptions SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
    long working(String id);

    @Query("UPDATE subscriptions SET enabled = 0, disabled_reason = :reason, updated_at = :at"
            + " WHERE id = :id AND enabled = 1")
    long disable(String id, String reason, long at);

    long deleteById(String id);
}
