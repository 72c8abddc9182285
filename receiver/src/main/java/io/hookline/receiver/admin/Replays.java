package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventFilter;
import io.hookline.store.EventPage;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.EventSummary;
import io.hookline.store.ReplayChoice;
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

    public Replays(EventQueries queries, DeliveryQueue queue, Routes routes, DispatchSignal signal, EventStore events) {
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
        List<DeliveryTarget> targets = targets(event);
        List<String> unknown = request.choice().routes().stream()
                .filter(name -> targets.stream().noneMatch(target -> target.route().equals(name))).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new WebhookException(ErrorClass.INVALID_BODY, "routes: " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is not a route or subscription" : " are not routes or subscriptions")
                    + " of event " + event.id() + " (its routes: "
                    + targets.stream().map(DeliveryTarget::route).toList() + ")");
        }
        ReplayResult result = queue.replay(event.id(), targets, request).join();
        if (!request.dryRun()) {
            signal.wake();
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
                List<DeliveryTarget> targets = targets(event);
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
        Map<String, List<DeliveryTarget>> batch = new LinkedHashMap<>();
        for (EventSummary event : events) {
            batch.put(event.id(), targets(event));
        }
        int queued = batch.isEmpty() ? 0 : queue.replayAll(replay, request, batch).join();
        signal.wake();
        return queued;
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

    private List<DeliveryTarget> targets(EventSummary event) {
        if (!routes.filters()) {
            return routes.candidates(event.source(), event.provider(), event.type());
        }
        return events.find(event.id()).map(stored -> routes.route(new EventFacts(stored.source(), stored.provider(),
                stored.type(), stored.key(), stored.headers(), stored.receivedAt(),
                stored.body() == null ? new byte[0] : stored.body())).targets()).orElse(List.of());
    }
}
