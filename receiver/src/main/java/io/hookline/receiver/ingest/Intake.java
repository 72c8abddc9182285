package io.hookline.receiver.ingest;

import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.dispatch.Routing;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.operational.OperationalIntake;
import io.hookline.spi.EventIdentity;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one path that stores an identified event, whoever identified it (a webhook, a catch-up run,
 * Hookline's own operational events): its route targets are found, the event is appended with them
 * in one transaction, and the dispatcher is woken when a new event has somewhere to go.
 */
@Singleton
public class Intake implements OperationalIntake {

    private final Routes routes;
    private final EventStore store;
    private final DispatchSignal dispatch;

    public Intake(Routes routes, EventStore store, DispatchSignal dispatch) {
        this.routes = routes;
        this.store = store;
        this.dispatch = dispatch;
    }

    /**
     * The routes and subscriptions an event of this source, provider and type may go to: their
     * patterns take it ({@code where:} expressions, which read the event itself, are tested at append).
     */
    public List<DeliveryTarget> targets(String source, String provider, String type) {
        return routes.candidates(source, provider, type);
    }

    /**
     * Stores the event with its targets; completes after the commit (on the writer's thread, or on
     * this one when the store refuses at once), as {@link EventStore#append} does.
     *
     * @param identity the key, type and occurrence time, as the source's provider (or Hookline) gave them
     * @param requestId the request or run that brought it, or null
     */
    public CompletableFuture<Receipt> append(String source, String provider, EventIdentity identity,
            Map<String, String> headers, byte[] body, String requestId) {
        Routing routing = routes.route(new EventFacts(source, provider, identity.type(), identity.key(), headers,
                Instant.now(), body));
        List<DeliveryTarget> targets = routing.targets();
        CompletableFuture<Receipt> receipt = store.append(new NewEvent(source, provider, identity.key(),
                identity.type(), identity.occurredAt(), headers, body, targets, requestId, routing.notes()));
        return receipt.whenComplete((stored, failure) -> {
            if (failure == null && !stored.duplicate() && !targets.isEmpty()) {
                dispatch.wake();
            }
        });
    }
}
