package io.hookline.receiver.admin;

import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventSummary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bulk replay would do: the events it would replay and the deliveries it would queue, by
 * source and by route (those it chooses among the routes that match each event now); an event of
 * which it would queue nothing is not counted.
 *
 * @param leftFailedByRoute failed deliveries the replay leaves as they are, by route: their route no
 *     longer matches the event (removed or changed since), so they cannot run; a replay of the one
 *     event removes them
 * @param capped whether more events match than one replay takes ({@link Replays#MAX_BULK})
 */
record ReplayPlan(int events, int deliveries, Map<String, Integer> eventsBySource, Map<String, Integer> deliveriesByRoute,
        Map<String, Integer> leftFailedByRoute, boolean capped) {

    /** Counts events as they are walked. */
    static final class Builder {
        private int events;
        private int deliveries;
        private final Map<String, Integer> bySource = new TreeMap<>();
        private final Map<String, Integer> byRoute = new TreeMap<>();
        private final Map<String, Integer> left = new TreeMap<>();

        /** A failed delivery whose route no longer matches its event. */
        void leftFailed(String route) {
            left.merge(route, 1, Integer::sum);
        }

        void add(EventSummary event, List<DeliveryTarget> targets) {
            if (targets.isEmpty()) {
                return;
            }
            events++;
            deliveries += targets.size();
            bySource.merge(event.source(), 1, Integer::sum);
            targets.forEach(target -> byRoute.merge(target.route(), 1, Integer::sum));
        }

        ReplayPlan build(boolean capped) {
            return new ReplayPlan(events, deliveries, Map.copyOf(bySource), Map.copyOf(byRoute), Map.copyOf(left), capped);
        }
    }
}
