package io.hookline.receiver.dispatch;

import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import io.hookline.store.FetchedEvents;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a route's handler gets of an event whose sender sends a notification only (a thin event,
 * docs/providers.md): the notification as received, or, for a route with {@code event-form: fetched}
 * (and for a subscription with {@code event_form: fetched}, or without one under
 * {@code hookline.subscriptions.event-form: fetched}), the full event,
 * which its source fetches from the sender's API ({@link EventFetch}) the first time such a
 * route runs it and which is kept beside the notification ({@link FetchedEvents}). Every later
 * route and every replay of the event reads the kept form: the sender is asked once.
 *
 * <p>The fetch is part of the route's attempt, after the webhook was acknowledged: it runs under
 * the route's timeout, and a failed fetch is classified and retried like a failed delivery (the
 * sender down or rate limited: retried; the key refused: {@code permission_denied}; the event gone:
 * {@code downstream_rejected}).
 */
@Singleton
class FetchedForms {

    static final String NOTIFICATION = "notification";
    static final String FETCHED = "fetched";
    /** Two routes of one event that fetch at once wait for each other, so the sender is asked once. */
    private static final int LOCKS = 64;

    private final Set<String> fetchingRoutes;
    /** Whether subscriptions that do not name their own form get the fetched one. */
    private final boolean subscriptionsFetch;
    private final RuntimeTargets runtime;
    private final SourceFetches sources;
    private final FetchedEvents kept;
    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];

    FetchedForms(ConfiguredRoutes routes, List<RouteConfig> routeConfigs, SourceFetches sources, FetchedEvents kept,
            @Value("${hookline.subscriptions.event-form:notification}") String subscriptionsForm,
            @Nullable RuntimeTargets runtime) {
        this.fetchingRoutes = fetchingRoutes(routes, routeConfigs);
        this.subscriptionsFetch = fetches("hookline.subscriptions.event-form", subscriptionsForm);
        this.runtime = runtime;
        this.sources = sources;
        this.kept = kept;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The routes whose {@code event-form} is {@code fetched}; a value that is neither form stops the start. */
    private static Set<String> fetchingRoutes(ConfiguredRoutes routes, List<RouteConfig> configs) {
        Set<String> fetching = new HashSet<>();
        routes.keys().forEach((name, key) -> configs.stream().filter(config -> Routes.key(config).equals(key))
                .findFirst().map(RouteConfig::getEventForm).ifPresent(form -> {
                    if (fetches(key + ".event-form", form)) {
                        fetching.add(name);
                    }
                }));
        return Set.copyOf(fetching);
    }

    /** Whether the form asked for is the fetched one; a value that is neither stops the start, naming the key. */
    private static boolean fetches(String key, String form) {
        String value = form.trim().toLowerCase(Locale.ROOT);
        if (!FETCHED.equals(value) && !NOTIFICATION.equals(value)) {
            throw new ConfigurationException(key + ": '" + form + "' is not " + NOTIFICATION
                    + " (the default: the body as received) or " + FETCHED + " (the full event, fetched once by its source)");
        }
        return FETCHED.equals(value);
    }

    /**
     * The event as the route gets it: with the fetched full form as its body when the route asks for
     * it and the event's source fetches them, else as stored.
     */
    StoredEvent of(Route route, StoredEvent event)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        boolean wanted = RuntimeTargets.HANDLER.equals(route.handlerId()) ? subscriptionFetches(route.name())
                : fetchingRoutes.contains(route.name());
        Optional<EventFetch> fetch = wanted ? sources.eventFetch(event.source()) : Optional.empty();
        if (fetch.isEmpty()) {
            return event;
        }
        ReentrantLock lock = locks[Math.floorMod(event.id().hashCode(), LOCKS)];
        lock.lockInterruptibly();
        try {
            Optional<byte[]> full = kept.find(event.id());
            if (full.isEmpty()) {
                full = fetch.get().fetch(event);
                if (full.isEmpty()) {
                    return event; // complete as sent: nothing to fetch
                }
                keep(event.id(), full.get());
            }
            return withBody(event, full.get());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the subscription asks for the fetched form: its own {@code event_form}, else the receiver's. */
    private boolean subscriptionFetches(String name) {
        String own = runtime == null ? null : runtime.handler(name).map(RuntimeTargets.Target::eventForm).orElse(null);
        return own == null ? subscriptionsFetch : FETCHED.equals(own);
    }

    private void keep(String eventId, byte[] full) throws TransientFailureException {
        try {
            kept.keep(eventId, full).join();
        } catch (CompletionException notStored) {
            throw new TransientFailureException("the fetched event could not be stored: "
                    + notStored.getCause().getMessage(), notStored.getCause());
        }
    }

    /** The event with the fetched body: JSON as the API answered it, so the notification's content coding is not its. */
    private static StoredEvent withBody(StoredEvent event, byte[] body) {
        Map<String, String> headers = new HashMap<>(event.headers());
        headers.remove("content-encoding");
        return new StoredEvent(event.id(), event.source(), event.provider(), event.type(), event.key(),
                event.receivedAt(), event.occurredAt(), Map.copyOf(headers), body, event.requestId());
    }
}
