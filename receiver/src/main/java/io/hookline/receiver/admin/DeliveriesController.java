package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.store.DeliveryQueue;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * {@code POST /admin/events/{id}/deliveries/{route}/skip}: gives up one waiting delivery (pending,
 * waiting for its retry, or dead) without running it, so that the next deliveries of its order key
 * run. {@code 200 {"status":"skipped"}}; {@code 200 {"status":"not_skipped"}} with why when it is
 * running or already done; {@code 404} when the event has no delivery to that route.
 */
@Controller("/admin/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeliveriesController {

    private final DeliveryQueue queue;

    public DeliveriesController(DeliveryQueue queue) {
        this.queue = queue;
    }

    /** The answer: {@code skipped} or {@code not_skipped}, and for the latter why ({@code running}, {@code done}). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Skipped(String status, String id, String route, String reason) {}

    @Post("/{id}/deliveries/{route}/skip")
    public Skipped skip(@PathVariable String id, @PathVariable String route) {
        return switch (queue.skip(id, route).join()) {
            case SKIPPED -> new Skipped("skipped", id, route, null);
            case RUNNING -> new Skipped("not_skipped", id, route, "running");
            case DONE -> new Skipped("not_skipped", id, route, "done");
            case NOT_FOUND -> throw new WebhookException(ErrorClass.EVENT_NOT_FOUND,
                    "event '" + id + "' has no delivery to route '" + route + "'");
        };
    }
}
