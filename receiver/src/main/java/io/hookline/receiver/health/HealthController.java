package io.hookline.receiver.health;

import io.hookline.receiver.admin.AdminAuth;
import io.hookline.receiver.error.WebhookException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when a write commits through the same writer
 * that stores webhooks, 503 {@code {"status":"DOWN"}} otherwise: what matters to a sender is that
 * an acknowledgement can be given. {@code GET /health/readiness} adds the dispatcher and the free
 * disk space ({@link Readiness}); each check's detail is shown only with the admin token.
 */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private final Readiness readiness;
    private final AdminAuth auth;

    public HealthController(Readiness readiness, AdminAuth auth) {
        this.readiness = readiness;
        this.auth = auth;
    }

    @Get
    public HttpResponse<Health> liveness() {
        return answer(readiness.databaseProblem() == null, null);
    }

    @Get("/readiness")
    public HttpResponse<Health> readiness(HttpRequest<?> request) {
        Map<String, String> checks = readiness.check();
        boolean up = checks.values().stream().allMatch(check -> check.startsWith("UP"));
        return answer(up, authorized(request) ? checks : null);
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
