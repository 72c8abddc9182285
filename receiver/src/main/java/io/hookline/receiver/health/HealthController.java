package io.hookline.receiver.health;

import io.hookline.receiver.admin.AdminAuth;
import io.hookline.receiver.dispatch.Dispatcher;
import io.hookline.receiver.error.WebhookException;
import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when a write commits through the same writer
 * that stores webhooks, 503 {@code {"status":"DOWN"}} otherwise: what matters to a sender is that
 * an acknowledgement can be given. {@code GET /health/readiness} adds the dispatcher and the free
 * disk space; each check's detail is shown only with the admin token.
 */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final EventStore store;
    private final Dispatcher dispatcher;
    private final Database database;
    private final HealthConfig health;
    private final AdminAuth auth;

    public HealthController(EventStore store, Database database, Dispatcher dispatcher, HealthConfig health,
            AdminAuth auth) {
        this.store = store;
        this.database = database;
        this.dispatcher = dispatcher;
        this.health = health;
        this.auth = auth;
    }

    @Get
    public HttpResponse<Health> liveness() {
        String problem = databaseProblem();
        return answer(problem == null, null);
    }

    @Get("/readiness")
    public HttpResponse<Health> readiness(HttpRequest<?> request) {
        Map<String, String> checks = new LinkedHashMap<>();
        String database = databaseProblem();
        checks.put("database", database == null ? "UP: takes writes" : "DOWN: " + database);
        checks.put("dispatcher", dispatcher.isAlive() ? "UP: claiming deliveries" : "DOWN: not claiming");
        checks.put("disk", diskCheck());
        boolean up = checks.values().stream().allMatch(check -> check.startsWith("UP"));
        return answer(up, authorized(request) ? checks : null);
    }

    private String databaseProblem() {
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

    private boolean authorized(HttpRequest<?> request) {
        try {
            auth.check(request);
            return true;
        } catch (WebhookException e) {
            return false;
        }
    }

    private static HttpResponse<Health> answer(boolean up, Map<String, String> checks) {
        Health health = new Health(up ? "UP" : "DOWN", checks);
        return up ? HttpResponse.ok(health) : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(health);
    }

    /** The health answer; {@code checks} only for the admin. */
    @Serdeable
    public record Health(String status,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Map<String, String> checks) {}
}
