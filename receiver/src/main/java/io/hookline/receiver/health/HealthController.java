package io.hookline.receiver.health;

import io.hookline.receiver.admin.AdminAccessFilter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when a write commits through the same writer
 * that stores webhooks, 503 {@code {"status":"DOWN"}} otherwise: what matters to a sender is that
 * an acknowledgement can be given. {@code GET /health/readiness} adds the dispatcher and the free
 * disk space ({@link Readiness}); each check's detail is shown only with the admin token, which
 * {@link AdminAccessFilter} checks and marks on the request.
 */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private final Readiness readiness;

    public HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    @Get
    public HttpResponse<Health> liveness() {
        return answer(readiness.databaseProblem() == null, null);
    }

    @Get("/readiness")
    public HttpResponse<Health> readiness(@Nullable @RequestAttribute(AdminAccessFilter.AUTHENTICATED) Boolean admin) {
        Map<String, String> checks = readiness.check();
        boolean up = checks.values().stream().allMatch(check -> check.startsWith("UP"));
        return answer(up, Boolean.TRUE.equals(admin) ? checks : null);
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
