package io.hookline.store;

import java.util.List;

/**
 * What a replay of one event did.
 *
 * @param outcome whether the event could be replayed
 * @param routes the routes and subscriptions whose deliveries were queued again (a dry run's: would
 *     be): the routes in the order of their names, then the subscriptions; empty when none was chosen
 * @param dropped the deliveries removed (a dry run's: that would be) because their route no longer
 *     matches the event, by name
 */
public record ReplayResult(ReplayOutcome outcome, List<String> routes, List<String> dropped) {

    public ReplayResult {
        routes = List.copyOf(routes);
        dropped = List.copyOf(dropped);
    }
}
