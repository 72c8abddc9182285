package io.hookline.store;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of an event's deliveries a replay queues again, among the routes and subscriptions that match
 * the event now: by default the failed ones (dead, or waiting for a retry), so a healthy downstream
 * does not get the event twice; or the ones named; or every one, those that succeeded included.
 *
 * @param selection how the deliveries are chosen
 * @param routes the routes or subscriptions named, for {@link Selection#ROUTES}; empty otherwise
 */
public record ReplayChoice(Selection selection, Set<String> routes) {

    /** How a replay chooses deliveries. */
    public enum Selection {
        FAILED, ROUTES, ALL;

        /** The name stored and shown: {@code failed}, {@code routes}, {@code all}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The failed deliveries: the default. */
    public static final ReplayChoice FAILED = new ReplayChoice(Selection.FAILED, Set.of());
    /** Every delivery, on purpose. */
    public static final ReplayChoice ALL = new ReplayChoice(Selection.ALL, Set.of());

    public ReplayChoice {
        routes = Set.copyOf(routes);
        if ((selection == Selection.ROUTES) == routes.isEmpty()) {
            throw new IllegalArgumentException("routes are named for a replay of routes, and only then");
        }
    }

    /** The deliveries to these routes or subscriptions only. */
    public static ReplayChoice routes(Collection<String> names) {
        return new ReplayChoice(Selection.ROUTES, Set.copyOf(names));
    }

    /**
     * The deliveries to queue again, in the order of {@code targets}.
     *
     * @param targets the routes and subscriptions that match the event now
     * @param current where each of the event's deliveries stands, by route
     */
    public List<DeliveryTarget> select(List<DeliveryTarget> targets, Map<String, DeliveryStatus> current) {
        return targets.stream().filter(target -> switch (selection) {
            case FAILED -> failed(current.get(target.route()));
            case ROUTES -> routes.contains(target.route());
            case ALL -> true;
        }).toList();
    }

    /**
     * Whether a delivery to a route that no longer matches the event is removed: it can never run
     * again, and a dead one would keep the event dead. A replay of named routes leaves others alone.
     */
    boolean drops(DeliveryStatus status) {
        return switch (selection) {
            case FAILED -> failed(status);
            case ROUTES -> false;
            case ALL -> true;
        };
    }

    private static boolean failed(DeliveryStatus status) {
        return status == DeliveryStatus.DEAD || status == DeliveryStatus.RETRYING;
    }
}
