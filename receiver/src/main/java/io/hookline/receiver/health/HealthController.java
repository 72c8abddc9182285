package io.hookline.receiver.health;

import io.hookline.sqlite.EventStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when a write commits through the same writer
 * that stores webhooks, 503 {@code {"status":"DOWN"}} otherwise. It proves what matters to a
 * sender: that an acknowledgement can be given.
 */
@Controller("/health")
public class HealthController {

    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final EventStore store;

    public HealthController(EventStore store) {
        this.store = store;
    }

    @Get
    public CompletableFuture<HttpResponse<Health>> health() {
        return store.checkWritable()
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((ok, failure) -> {
                    if (failure == null) {
                        return HttpResponse.ok(new Health("UP"));
                    }
                    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                    LOG.warn("Health check: the database does not take writes: {}", cause.getMessage());
                    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Health("DOWN"));
                });
    }

    /** The health answer. */
    @Serdeable
    public record Health(String status) {}
}
