package io.hookline.receiver.store;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.config.StorageConfig;
import io.hookline.sqlite.DeliveryQueue;
import io.hookline.sqlite.EventQueries;
import io.hookline.sqlite.EventStore;
import io.hookline.sqlite.Retention;
import io.hookline.sqlite.SqliteDatabase;
import io.hookline.sqlite.StoreSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Opens the SQLite database at start, so a bad data directory stops the receiver at once. */
@Factory
public class StoreFactory {

    @Context
    @Bean(preDestroy = "close")
    public SqliteDatabase database(HooklineConfig config, StorageConfig storage) {
        StoreSettings settings = new StoreSettings(config.getDataDir(), storage.getSynchronous().name(),
                storage.getBusyTimeout(), storage.getMaxBatch(), storage.getQueueCapacity(), storage.getMaxPendingBytes());
        return SqliteDatabase.open(settings, Clock.systemUTC());
    }

    @Singleton
    public EventStore eventStore(SqliteDatabase database) {
        return new EventStore(database);
    }

    @Singleton
    public DeliveryQueue deliveryQueue(SqliteDatabase database, HooklineConfig config) {
        return new DeliveryQueue(database, config.getInstanceId());
    }

    @Singleton
    public EventQueries eventQueries(SqliteDatabase database) {
        return new EventQueries(database);
    }

    @Singleton
    public Retention retention(SqliteDatabase database) {
        return new Retention(database);
    }
}
