package io.hookline.receiver.store;

import io.hookline.store.Database;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * Once the server listens, starts reading into memory what the store's writer would otherwise read
 * from disk while webhooks wait (on SQLite, the idempotency index). Not earlier: on a cold page
 * cache, reading it while the server was still starting delayed the first accepted webhook by
 * about a second on a store of 5.6 million keys (median of three starts: 7.4 s against 6.4 s).
 */
@Singleton
public class StoreWarmUp {

    private final Database database;

    public StoreWarmUp(Database database) {
        this.database = database;
    }

    @EventListener
    public void onStartup(ServerStartupEvent event) {
        database.warmUp();
    }
}
