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
 * @param running the chosen deliveries left alone because an attempt of theirs is running (claimed):
 *     taking the claim back would send the event again beside that attempt and lose its record
 */
public record ReplayResult(ReplayOutcome outcome, List<String> routes, List<String> dropped, List<String> running) {

    public ReplayResult {
        routes = List.copyOf(routes);
        dropped = List.copyOf(dropped);
        running = List.copyOf(running);
    }

    /** A result with nothing running. */
    public ReplayResult(ReplayOutcome outcome, List<String> routes, List<String> dropped) {
        this(outcome, routes, dropped, List.of());
    }
}
