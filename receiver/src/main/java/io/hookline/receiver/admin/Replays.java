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
        int queued = 0;
        String cursor = null;
        int seen = 0;
        do {
            EventPage page = queries.list(filter, cursor, PAGE);
            Map<String, List<DeliveryTarget>> batch = new LinkedHashMap<>();
            for (EventSummary event : page.events()) {
                batch.put(event.id(), targets(event));
            }
            seen += batch.size();
            queued += queue.replayAll(batch).join();
            cursor = page.nextCursor();
        } while (cursor != null && seen < MAX_BULK);
        signal.wake();
        return queued;
    }

    private List<DeliveryTarget> targets(EventSummary event) {
        return routes.targets(event.source(), event.provider(), event.type());
    }
}
