package io.hookline.store;

import java.util.List;

/**
 * What a replay of one event did.
 *
 * @param outcome whether the event could be replayed
 * @param routes the routes and subscriptions whose deliveries were queued again (a dry run's: would
 *     be): the routes in the order of their names, then the subscriptions; empty when none was chosen
 */
public record ReplayResult(ReplayOutcome outcome, List<String> routes) {

    public ReplayResult {
        routes = List.copyOf(routes);
    }
}
