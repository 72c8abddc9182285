package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.EventDetail;
import io.hookline.store.EventQueries;
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
 * run. {@code 200 {"status":"skipped"}} (its {@code reason} null, written as every admin answer writes
 * its nulls); {@code 200 {"status":"not_skipped"}} with why when it is
 * running or already done; {@code 404 delivery_not_found} when the event has no delivery to that route
 * (naming those it has), {@code 404 event_not_found} when there is no such event.
 */
@Controller("/admin/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeliveriesController {

    private final DeliveryQueue queue;
    private final EventQueries queries;

    public DeliveriesController(DeliveryQueue queue, EventQueries queries) {
        this.queue = queue;
        this.queries = queries;
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
            case NOT_FOUND -> throw notFound(id, route);
        };
    }

    private WebhookException notFound(String id, String route) {
        return queries.detail(id).map(event -> new WebhookException(ErrorClass.DELIVERY_NOT_FOUND,
                "event '" + id + "' has no delivery to route '" + route + "' (its deliveries: "
                        + event.deliveries().stream().map(EventDetail.Delivery::route).toList() + ")"))
                .orElseGet(() -> new WebhookException(ErrorClass.EVENT_NOT_FOUND, "no event has id '" + id + "'"));
    }
}
