package io.hookline.receiver.store;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.config.StorageConfig;
import io.hookline.sqlite.EventStore;
import io.hookline.sqlite.StoreSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.time.Clock;

/** Opens the SQLite store at start, so a bad data directory stops the receiver at once. */
@Factory
public class StoreFactory {

    @Context
    @Bean(preDestroy = "close")
    public EventStore eventStore(HooklineConfig config, StorageConfig storage) {
        StoreSettings settings = new StoreSettings(config.getDataDir(), storage.getSynchronous(),
                storage.getBusyTimeout(), storage.getMaxBatch(), storage.getQueueCapacity());
        return EventStore.open(settings, Clock.systemUTC());
    }
}
