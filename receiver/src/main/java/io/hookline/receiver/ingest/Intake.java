package io.hookline.receiver.ingest;

import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.dispatch.Routing;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.operational.OperationalIntake;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceVerifier;
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
 * The one path from a source's event to a stored one, for a webhook and for an event a catch-up run
 * fetched ({@link #take}): the source's verifier identifies it, its route targets are found, it is
 * appended with them in one transaction, and the dispatcher is woken when a new event has somewhere
 * to go. Hookline's own operational events, which Hookline identifies, join at {@link #append}.
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

    /** An event identified by its source, and its receipt, which completes once the event is committed. */
    public record Taken(EventIdentity identity, CompletableFuture<Receipt> receipt) {}

    /**
     * Identifies an event as its source's provider reads it, then stores it as {@link #append} does.
     *
     * @param verifier the source's bound verifier
     * @param toIdentify the request as the provider reads it (a webhook's body decoded), whose body
     *     {@code where:} expressions and order keys read too
     * @param headers the headers stored with the event
     * @param body the bytes stored, as they arrived
     * @param requestId the request or catch-up run that brought it
     * @throws InvalidPayloadException when the provider cannot identify it; nothing is stored
     */
    public Taken take(String source, String provider, SourceVerifier verifier, InboundRequest toIdentify,
            Map<String, String> headers, byte[] body, String requestId) {
        EventIdentity identity = verifier.identify(toIdentify);
        return new Taken(identity, store(source, provider, identity, headers, body, toIdentify.body(),
                verifier.identifyChecksJsonObject(), requestId));
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
        return store(source, provider, identity, headers, body, null, false, requestId);
    }

    /**
     * As {@link #append}, with the body decoded when the caller has it (null: decoded if read), and
     * whether the source's identify read that body and found one JSON object.
     */
    private CompletableFuture<Receipt> store(String source, String provider, EventIdentity identity,
            Map<String, String> headers, byte[] body, byte[] decodedBody, boolean checkedJsonObject,
            String requestId) {
        EventFacts facts = new EventFacts(source, provider, identity.type(), identity.key(), headers, Instant.now(),
                body, decodedBody);
        if (checkedJsonObject) {
            facts.bodyCheckedAsJsonObject();
        }
        Routing routing = routes.route(facts);
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
