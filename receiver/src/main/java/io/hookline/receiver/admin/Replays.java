package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.dispatch.Routing;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventFilter;
import io.hookline.store.EventPage;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.EventSummary;
import io.hookline.store.ReplayChoice;
import io.hookline.store.ReplayOutcome;
import io.hookline.store.ReplayRequest;
import io.hookline.store.ReplayResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Replays events: the deliveries a replay chooses (by default the failed ones) become pending again,
 * among the routes and subscriptions that match each event now (their {@code where:} included, tested
 * on the stored event), so a fixed route configuration applies to the replay. Each replay is recorded in the history of the events it queued.
 *
 * <p>A {@code where:} that fails again on a replay is counted again
 * ({@code hookline_route_filter_errors_total}), for a route the replay would have queued had it held
 * (any, replaying all; a route named; a route whose delivery failed, replaying the failed ones): the
 * replay tested it for that. Never for a dry run, nor for an event that cannot be replayed.
 */
@Singleton
public class Replays {

    private static final int PAGE = 500;
    /** The most events one bulk replay queues; call again for more. */
    public static final int MAX_BULK = 50_000;

    private final EventQueries queries;
    private final DeliveryQueue queue;
    private final Routes routes;
    private final DispatchSignal signal;
    private final EventStore events;
    private final Metrics metrics;

    public Replays(EventQueries queries, DeliveryQueue queue, Routes routes, DispatchSignal signal, EventStore events,
            Metrics metrics) {
        this.metrics = metrics;
        this.queries = queries;
        this.events = events;
        this.queue = queue;
        this.routes = routes;
        this.signal = signal;
    }

    /**
     * Replays one event, whatever its status.
     *
     * @throws WebhookException 400 when a route named is not one of the event's routes or subscriptions
     */
    public ReplayResult replay(EventSummary event, ReplayRequest request) {
        Routing rerouted = reroute(event);
        List<DeliveryTarget> targets = rerouted.targets();
        List<String> unknown = request.choice().routes().stream()
                .filter(name -> targets.stream().noneMatch(target -> target.route().equals(name))).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new WebhookException(ErrorClass.INVALID_BODY, "routes: " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is not a route or subscription" : " are not routes or subscriptions")
                    + " of event " + event.id() + " (its routes: "
                    + targets.stream().map(DeliveryTarget::route).toList() + ")");
        }
        Map<String, Map<String, DeliveryStatus>> before = statusesBefore(request, Map.of(event.id(), rerouted));
        ReplayResult result = queue.replay(event.id(), targets, request).join();
        if (!request.dryRun()) {
            signal.wake();
            if (result.outcome() == ReplayOutcome.QUEUED) {
                countWhereFailures(request.choice(), rerouted, before.get(event.id()));
            }
        }
        return result;
    }

    /**
     * Checks that every route a bulk replay names is a route or a subscription.
     *
     * @throws WebhookException 400 naming the first that is neither
     */
    public void checkRoutes(ReplayChoice choice) {
        for (String name : new TreeSet<>(choice.routes())) {
            if (!routes.known(name)) {
                throw new WebhookException(ErrorClass.INVALID_BODY,
                        "routes: " + name + " is not a route or subscription (routes: " + routes.describe().keySet() + ")");
            }
        }
    }

    /** Replays every event matching the filter, up to {@link #MAX_BULK}; answers how many had a delivery queued. */
    public int replayAll(EventFilter filter, ReplayRequest request) {
        long replay = start(request);
        int[] queued = {0};
        forEachPage(filter, events -> queued[0] += replayNow(replay, request, events));
        return queued[0];
    }

    /**
     * What {@link #replayAll} would queue, counted by source and route, and the failed deliveries it
     * leaves because their route no longer matches; changes nothing.
     */
    public ReplayPlan plan(EventFilter filter, ReplayChoice choice) {
        ReplayPlan.Builder plan = new ReplayPlan.Builder();
        int walked = forEachPage(filter, events -> {
            Map<String, Map<String, DeliveryStatus>> statuses =
                    queries.deliveryStatuses(events.stream().map(EventSummary::id).toList());
            for (EventSummary event : events) {
                List<DeliveryTarget> targets = reroute(event).targets();
                plan.add(event, choice.select(targets, statuses.get(event.id())));
                statuses.get(event.id()).forEach((route, status) -> {
                    boolean gone = targets.stream().noneMatch(target -> target.route().equals(route));
                    if (gone && (status == DeliveryStatus.DEAD || status == DeliveryStatus.RETRYING)) {
                        plan.leftFailed(route);
                    }
                });
            }
        });
        return plan.build(walked >= MAX_BULK);
    }

    /**
     * Queues the chosen deliveries of these events in one commit as part of replay {@code replay},
     * and wakes the dispatcher; answers how many events had a delivery queued.
     */
    int replayNow(long replay, ReplayRequest request, List<EventSummary> events) {
        Map<String, Routing> rerouted = new LinkedHashMap<>();
        Map<String, List<DeliveryTarget>> batch = new LinkedHashMap<>();
        for (EventSummary event : events) {
            Routing now = reroute(event);
            rerouted.put(event.id(), now);
            batch.put(event.id(), now.targets());
        }
        Map<String, Map<String, DeliveryStatus>> before = statusesBefore(request, rerouted);
        int queued = batch.isEmpty() ? 0 : queue.replayAll(replay, request, batch).join();
        signal.wake();
        before.forEach((id, statuses) -> countWhereFailures(request.choice(), rerouted.get(id), statuses));
        return queued;
    }

    /**
     * Where the deliveries stand, before the replay, of the events whose {@code where:} failures it may
     * count (those with some): one seek each, and none for a dry run or when no where failed.
     */
    private Map<String, Map<String, DeliveryStatus>> statusesBefore(ReplayRequest request, Map<String, Routing> events) {
        if (request.dryRun()) {
            return Map.of();
        }
        List<String> failed = events.entrySet().stream().filter(event -> !event.getValue().whereFailed().isEmpty())
                .map(Map.Entry::getKey).toList();
        return failed.isEmpty() ? Map.of() : queries.deliveryStatuses(failed);
    }

    /** Counts the where failures of the routes the replay's choice would have queued had their where held. */
    private void countWhereFailures(ReplayChoice choice, Routing event, Map<String, DeliveryStatus> before) {
        if (before == null || event.whereFailed().isEmpty()) {
            return;
        }
        List<DeliveryTarget> failed = event.whereFailed().stream().map(route -> new DeliveryTarget(route, null, null)).toList();
        choice.select(failed, before).forEach(target -> metrics.routeFilterFailed(target.route()));
    }

    /** Records a bulk replay about to start; answers its id. */
    long start(ReplayRequest request) {
        return queue.startReplay(request).join();
    }

    /**
     * Hands the events matching the filter to {@code page}, newest first, a page at a time, up to
     * {@link #MAX_BULK}; answers how many were handed over.
     */
    int forEachPage(EventFilter filter, Consumer<List<EventSummary>> page) {
        String cursor = null;
        int seen = 0;
        do {
            EventPage listed = queries.list(filter, cursor, Math.min(PAGE, MAX_BULK - seen));
            seen += listed.events().size();
            if (!listed.events().isEmpty()) {
                page.accept(listed.events());
            }
            cursor = listed.nextCursor();
        } while (cursor != null && seen < MAX_BULK);
        return seen;
    }

    /**
     * The routes and subscriptions a stored event goes to now, and those whose where failed on it; of
     * an event whose body is gone, none failed: it cannot be replayed.
     */
    private Routing reroute(EventSummary event) {
        if (!routes.filters()) {
            return new Routing(routes.candidates(event.source(), event.provider(), event.type()), List.of(), List.of());
        }
        return events.find(event.id()).map(stored -> {
            Routing routing = routes.reroute(new EventFacts(stored.source(), stored.provider(), stored.type(), stored.key(),
                    stored.headers(), stored.receivedAt(), stored.body() == null ? new byte[0] : stored.body()));
            return stored.body() == null ? new Routing(routing.targets(), List.of(), List.of()) : routing;
        }).orElse(new Routing(List.of(), List.of(), List.of()));
    }
}
