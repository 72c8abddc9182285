package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventFilter;
import io.hookline.store.EventPage;
import io.hookline.store.EventQueries;
import io.hookline.store.EventSummary;
import io.hookline.store.ReplayOutcome;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Replays events: their deliveries become pending again for the routes that match them now, so a
 * fixed route configuration applies to the replay.
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

    public Replays(EventQueries queries, DeliveryQueue queue, Routes routes, DispatchSignal signal) {
        this.queries = queries;
        this.queue = queue;
        this.routes = routes;
        this.signal = signal;
    }

    /** Replays one event, whatever its status. */
    public CompletableFuture<ReplayOutcome> replay(EventSummary event) {
        return queue.replay(event.id(), targets(event)).thenApply(outcome -> {
            signal.wake();
            return outcome;
        });
    }

    /** Replays every event matching the filter, up to {@link #MAX_BULK}; answers how many were queued. */
    public int replayAll(EventFilter filter) {
        int[] queued = {0};
        forEachPage(filter, events -> queued[0] += replayNow(events));
        return queued[0];
    }

    /** What {@link #replayAll} would queue, counted by source and route; changes nothing. */
    public ReplayPlan plan(EventFilter filter) {
        ReplayPlan.Builder plan = new ReplayPlan.Builder();
        int walked = forEachPage(filter, events -> events.forEach(event -> plan.add(event, targets(event))));
        return plan.build(walked >= MAX_BULK);
    }

    /** Queues these events' deliveries again in one commit and wakes the dispatcher; answers how many were queued. */
    int replayNow(List<EventSummary> events) {
        Map<String, List<DeliveryTarget>> batch = new LinkedHashMap<>();
        for (EventSummary event : events) {
            batch.put(event.id(), targets(event));
        }
        int queued = batch.isEmpty() ? 0 : queue.replayAll(batch).join();
        signal.wake();
        return queued;
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
        return routes.targets(event.source(), event.provider(), event.type());
    }
}
