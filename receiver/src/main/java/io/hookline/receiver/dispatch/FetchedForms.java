package io.hookline.receiver.dispatch;

import io.hookline.spi.AttemptFailure;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import io.hookline.store.FetchedEvents;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a route's handler gets of an event whose sender sends a notification only (a thin event,
 * docs/providers.md): the notification as received, or, for a route with {@code event-form: fetched}
 * (and for a subscription with {@code event_form: fetched}, or without one under
 * {@code hookline.subscriptions.event-form: fetched}), the full event,
 * which its source fetches from the sender's API ({@link EventFetch}) the first time such a
 * route runs it and which is kept beside the notification ({@link FetchedEvents}). Every later
 * route and every replay of the event reads the kept form: the sender is asked once. Consumers of
 * one event that run at once share one fetch in flight; after a failure, those that retry before
 * the soonest retry share the failure, so the sender is asked once per round, not once per consumer.
 *
 * <p>The fetch is part of the route's attempt, after the webhook was acknowledged: it runs under
 * the route's timeout, and a failed fetch is classified and retried like a failed delivery (the
 * sender down or rate limited: retried; the key refused: {@code permission_denied}; the event gone:
 * {@code downstream_rejected}). A failed fetch does not count against the route's circuit breaker:
 * its target was not tried ({@link AttemptRunner}).
 */
@Singleton
class FetchedForms {

    static final String NOTIFICATION = "notification";
    static final String FETCHED = "fetched";
    /** How long a failed fetch is shared at least: with the consumers whose attempts run beside it. */
    private static final Duration SHORTEST_MEMORY = Duration.ofSeconds(1);
    private static final int MAX_REMEMBERED = 10_000;

    private final Set<String> fetchingRoutes;
    /** Whether subscriptions that do not name their own form get the fetched one. */
    private final boolean subscriptionsFetch;
    private final RuntimeTargets runtime;
    private final SourceFetches sources;
    private final FetchedEvents kept;
    /** The one fetch in flight per event in this process: other consumers of the event wait for its result. */
    private final ConcurrentHashMap<String, CompletableFuture<Optional<byte[]>>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failure> failures = new ConcurrentHashMap<>();

    FetchedForms(ConfiguredRoutes routes, List<RouteConfig> routeConfigs, SourceFetches sources, FetchedEvents kept,
            @Value("${hookline.subscriptions.event-form:notification}") String subscriptionsForm,
            @Nullable RuntimeTargets runtime) {
        this.fetchingRoutes = fetchingRoutes(routes, routeConfigs, sources.fetchingSources());
        this.subscriptionsFetch = fetches("hookline.subscriptions.event-form", subscriptionsForm);
        this.runtime = runtime;
        this.sources = sources;
        this.kept = kept;
    }

    /**
     * The routes whose {@code event-form} is {@code fetched}; a value that is neither form, or
     * {@code fetched} on a route whose match takes no source that fetches, stops the start.
     */
    private static Set<String> fetchingRoutes(ConfiguredRoutes routes, List<RouteConfig> configs, Set<String> fetchingSources) {
        Set<String> fetching = new HashSet<>();
        List<String> problems = new ArrayList<>();
        routes.keys().forEach((name, key) -> configs.stream().filter(config -> Routes.key(config).equals(key))
                .findFirst().ifPresent(config -> {
                    if (config.getEventForm() != null && fetches(key + ".event-form", config.getEventForm())) {
                        fetching.add(name);
                        EventPattern match = EventPattern.parse(config.getMatch());
                        if (fetchingSources.stream().noneMatch(source -> match.source().matcher(source).matches())) {
                            problems.add(key + ".event-form: fetched, but no source that match '" + match.text()
                                    + "' takes fetches full events (sources that do: " + new TreeSet<>(fetchingSources)
                                    + "); set the source's fetch setting (docs/providers.md, thin events) or remove event-form");
                        }
                    }
                }));
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
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
    StoredEvent of(Route route, int attempt, StoredEvent event)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        boolean wanted = RuntimeTargets.HANDLER.equals(route.handlerId()) ? subscriptionFetches(route.name())
                : fetchingRoutes.contains(route.name());
        Optional<EventFetch> fetch = wanted ? sources.eventFetch(event.source()) : Optional.empty();
        if (fetch.isEmpty()) {
            return event;
        }
        Optional<byte[]> stored = kept.find(event.id());
        Optional<byte[]> full = stored.isPresent() ? stored : shared(route, attempt, fetch.get(), event);
        return full.map(body -> withBody(event, body)).orElse(event); // empty: complete as sent, nothing to fetch
    }

    /**
     * The event's full form from the one fetch in flight for it in this process, started here when
     * there is none; or the failure of the last fetch while it is remembered (see {@link Failure}).
     */
    private Optional<byte[]> shared(Route route, int attempt, EventFetch fetch, StoredEvent event)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        String id = event.id();
        Failure recent = failures.get(id);
        if (recent != null && recent.remembered()) {
            recent.sharedWith(route, attempt);
            throw rethrown(recent.failure);
        }
        CompletableFuture<Optional<byte[]>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<byte[]>> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return awaited(running, route, attempt, id);
        }
        try {
            Optional<byte[]> full = kept.find(id); // kept by a fetch that ended since this attempt looked
            if (full.isEmpty()) {
                full = fetch.fetch(event);
                if (full.isPresent()) {
                    keep(id, full.get());
                }
            }
            failures.remove(id);
            mine.complete(full);
            return full;
        } catch (DownstreamStatusException | TransientFailureException failed) {
            remember(id, failed, route, attempt);
            mine.completeExceptionally(failed);
            throw failed;
        } catch (InterruptedException | RuntimeException stopped) {
            mine.completeExceptionally(stopped);
            throw stopped;
        } finally {
            inFlight.remove(id, mine);
        }
    }

    /** What the fetch another consumer runs answers; its failure is this attempt's too. */
    private Optional<byte[]> awaited(CompletableFuture<Optional<byte[]>> running, Route route, int attempt, String id)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        try {
            return running.get();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            Failure recent = failures.get(id);
            if (recent != null && recent.failure == cause) {
                recent.sharedWith(route, attempt);
            }
            if (cause instanceof DownstreamStatusException || cause instanceof TransientFailureException) {
                throw rethrown((Exception) cause);
            }
            if (cause instanceof RuntimeException bug) {
                throw bug;
            }
            // The attempt that fetched was stopped (its route's timeout): nothing was learnt of the sender.
            throw new TransientFailureException("the fetch of the event, run for another route, was stopped before"
                    + " it ended: " + cause, cause);
        }
    }

    /** A fetch's failure as this attempt's own; it is one of the two the fetch may fail with. */
    private static DownstreamStatusException rethrown(Exception failure) throws TransientFailureException {
        if (failure instanceof TransientFailureException unreachable) {
            throw unreachable;
        }
        return (DownstreamStatusException) failure;
    }

    private void remember(String id, Exception failure, Route route, int attempt) {
        if (failures.size() > MAX_REMEMBERED) {
            failures.values().removeIf(old -> !old.remembered());
        }
        Failure remembered = new Failure(failure, System.nanoTime() + SHORTEST_MEMORY.toNanos());
        remembered.sharedWith(route, attempt);
        failures.put(id, remembered);
    }

    /**
     * A fetch's failure, shared with every consumer of the event that runs it until the soonest retry
     * of any of them, so that the consumers retrying after a failure ask the sender once between them
     * rather than each in turn. At least {@link #SHORTEST_MEMORY}, for the attempts that run beside it.
     */
    private static final class Failure {
        final Exception failure;
        private final AtomicLong untilNanos;

        Failure(Exception failure, long untilNanos) {
            this.failure = failure;
            this.untilNanos = new AtomicLong(untilNanos);
        }

        boolean remembered() {
            return System.nanoTime() - untilNanos.get() < 0;
        }

        /** Forgotten by the soonest the consumer retries (its schedule's jitter is at most a fifth earlier). */
        void sharedWith(Route route, int attempt) {
            if (!AttemptFailure.of(failure).retried() || !route.retries().retriesAfter(attempt)) {
                return;
            }
            Duration retryAfter = failure instanceof DownstreamStatusException refused ? refused.retryAfter().orElse(null) : null;
            long soonest = System.nanoTime() + route.retries().delayAfter(attempt, retryAfter).multipliedBy(3).dividedBy(4)
                    .toNanos();
            untilNanos.accumulateAndGet(soonest, (until, next) -> until - next < 0 ? until : next);
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
