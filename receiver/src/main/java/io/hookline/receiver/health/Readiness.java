package io.hookline.receiver.health;

import io.hookline.receiver.dispatch.Dispatcher;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness checks: the database takes a write through the writer that stores webhooks, the
 * dispatcher claims deliveries, the disk keeps its floor. Each result is kept for the metrics
 * ({@code hookline_ready}, {@code hookline_ready_check}), checked again every 15 seconds and at
 * every {@code GET /health/readiness}, so a scrape never waits for the database.
 */
@Context
public class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final EventStore store;
    private final Database database;
    private final Dispatcher dispatcher;
    private final HealthConfig health;
    private final Map<String, AtomicBoolean> last = new LinkedHashMap<>();

    public Readiness(EventStore store, Database database, Dispatcher dispatcher, HealthConfig health, Metrics metrics) {
        this.store = store;
        this.database = database;
        this.dispatcher = dispatcher;
        this.health = health;
        for (String check : new String[] {"database", "dispatcher", "disk"}) {
            last.put(check, new AtomicBoolean());
        }
        metrics.readiness(Map.copyOf(last));
    }

    /** Runs every check: each one's result, {@code UP: …} or {@code DOWN: …}, by name. */
    public Map<String, String> check() {
        Map<String, String> checks = new LinkedHashMap<>();
        String problem = databaseProblem();
        checks.put("database", problem == null ? "UP: takes writes" : "DOWN: " + problem);
        checks.put("dispatcher", dispatcher.isAlive() ? "UP: claiming deliveries" : "DOWN: not claiming");
        checks.put("disk", diskCheck());
        checks.forEach((check, result) -> last.get(check).set(result.startsWith("UP")));
        return checks;
    }

    /** Keeps the metrics' readiness current between requests for it. */
    @Scheduled(fixedDelay = "15s")
    public void refresh() {
        check();
    }

    /** Null when a write commits through the writer; otherwise why not. */
    public String databaseProblem() {
        try {
            store.checkWritable().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("Health check: the database does not take writes: {}", cause.getMessage());
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    /** The free space where SQLite writes; a database on a server watches its own disk. */
    private String diskCheck() {
        Optional<Path> directory = database.localDirectory();
        if (directory.isEmpty()) {
            return "UP: the store is on a database server (" + database.description() + ")";
        }
        try {
            long free = Files.getFileStore(directory.get()).getUsableSpace();
            String amount = free / (1024 * 1024) + " MB free, floor " + health.getMinFreeDisk() / (1024 * 1024) + " MB";
            return (free >= health.getMinFreeDisk() ? "UP: " : "DOWN: ") + amount;
        } catch (IOException e) {
            return "DOWN: " + e.getMessage();
        }
    }
}
