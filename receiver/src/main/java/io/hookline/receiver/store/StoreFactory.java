package io.hookline.receiver.store;

import io.hookline.postgres.PostgresEngine;
import io.hookline.postgres.PostgresSettings;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.config.StorageConfig;
import io.hookline.receiver.dispatch.DispatchConfig;
import io.hookline.receiver.store.records.ReconcileRuns;
import io.hookline.receiver.store.records.ReplayHistory;
import io.hookline.receiver.store.records.SubscriptionRecords;
import io.hookline.sqlite.SqliteEngine;
import io.hookline.sqlite.SqliteSettings;
import io.hookline.store.BlockedKeys;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.FetchedEvents;
import io.hookline.store.ReconcileLog;
import io.hookline.store.Retention;
import io.hookline.store.RouteDeliveries;
import io.hookline.store.SubscriptionStore;
import io.hookline.store.StoreEngine;
import io.hookline.store.WriterSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Opens the store at start, so a bad data directory or an unreachable database stops the receiver
 * at once. SQLite under the data directory unless Micronaut's standard
 * {@code datasources.default.url} names a PostgreSQL database (also as
 * {@code DATASOURCES_DEFAULT_URL}, with {@code username} and {@code password} beside it).
 */
@Factory
public class StoreFactory {

    @Context
    @Bean(preDestroy = "close")
    public Database database(HooklineConfig config, StorageConfig storage,
            @Nullable @Value("${datasources.default.url:}") String url,
            @Nullable @Value("${datasources.default.username:}") String username,
            @Nullable @Value("${datasources.default.password:}") String password) {
        WriterSettings writer = new WriterSettings(storage.getMaxBatch(), storage.getQueueCapacity(),
                storage.getMaxPendingBytes());
        return Database.open(engine(config, storage, url, blankToNull(username), blankToNull(password)), writer,
                Clock.systemUTC());
    }

    private static StoreEngine engine(HooklineConfig config, StorageConfig storage, String url, String username,
            String password) {
        if (url == null || url.isBlank()) {
            return SqliteEngine.open(new SqliteSettings(config.getDataDir(), storage.getSynchronous().name(),
                    storage.getBusyTimeout()));
        }
        if (!PostgresSettings.isPostgres(url)) {
            throw new ConfigurationException("datasources.default.url must be a PostgreSQL URL"
                    + " (jdbc:postgresql://host:5432/database), or unset for SQLite under hookline.data-dir; got '"
                    + PostgresSettings.masked(url) + "'");
        }
        return PostgresEngine.open(new PostgresSettings(url, username, password));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Singleton
    public EventStore eventStore(Database database) {
        return new EventStore(database);
    }

    @Singleton
    public FetchedEvents fetchedEvents(Database database) {
        return new FetchedEvents(database);
    }

    @Singleton
    public BlockedKeys blockedKeys(Database database, DispatchConfig dispatch) {
        return new BlockedKeys(database, dispatch.getOrderDead() == DispatchConfig.OrderDead.HOLD);
    }

    @Singleton
    public DeliveryQueue deliveryQueue(Database database, HooklineConfig config, ReplayHistory replays,
            DispatchConfig dispatch) {
        return new DeliveryQueue(database, config.getInstanceId(), replays,
                dispatch.getOrderDead() == DispatchConfig.OrderDead.HOLD);
    }

    @Singleton
    public EventQueries eventQueries(Database database, ReplayHistory replays, DispatchConfig dispatch) {
        return new EventQueries(database, replays, dispatch.getOrderDead() == DispatchConfig.OrderDead.HOLD);
    }

    @Singleton
    public RouteDeliveries routeDeliveries(Database database) {
        return new RouteDeliveries(database);
    }

    @Singleton
    public Retention retention(Database database) {
        return new Retention(database);
    }

    @Singleton
    public SubscriptionStore subscriptionStore(Database database, SubscriptionRecords records, DispatchConfig dispatch) {
        return new SubscriptionStore(database, records, dispatch.getOrderDead() == DispatchConfig.OrderDead.HOLD);
    }

    @Singleton
    public ReconcileLog reconcileLog(Database database, ReconcileRuns runs) {
        return new ReconcileLog(database, runs);
    }
}
