package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Claiming with a bound per route: a route with no room is passed over in the claim itself, so a
 * slow route's backlog holds no claims and does not delay the other routes' deliveries, however
 * long it grows.
 */
public abstract class BoundedClaimContract extends StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BACKLOG = 100_000;

    protected BoundedClaimContract(EngineUnderTest engine) {
        super(engine);
    }

    @Test
    public void aRouteWithNoRoomIsPassedOverAndTheOtherRoutesAreClaimed() throws Exception {
        try (Database db = open()) {
            appendEvents(db, 3, "slow", "fast");
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());

            List<ClaimedDelivery> claimed = queue.claim(10, LEASE, room(Map.of("slow", 0), 10)).get();
            assertEquals(Map.of("fast", 3L), byRoute(claimed), "the slow route is at its bound");
            assertEquals(0, count("SELECT count(*) FROM deliveries WHERE route = 'slow' AND claimed_until IS NOT NULL"),
                    "none of the slow route's deliveries holds a claim it cannot run");
        }
    }

    @Test
    public void eachRouteIsClaimedUpToItsRoomOldestFirst() throws Exception {
        try (Database db = open()) {
            List<String> slowEvents = appendEvents(db, 4, "slow", "fast");
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());

            List<ClaimedDelivery> claimed = queue.claim(10, LEASE, room(Map.of("slow", 1, "fast", 2), 10)).get();
            assertEquals(Map.of("slow", 1L, "fast", 2L), byRoute(claimed));
            assertEquals(slowEvents.get(0), claimed.stream().filter(d -> d.route().equals("slow")).findFirst()
                    .orElseThrow().eventId(), "the oldest due delivery of the route comes first");
            assertEquals(Map.of("slow", 3L, "fast", 2L), byRoute(queue.claim(10, LEASE, route -> 10).get()),
                    "the rest are claimable once there is room");
        }
    }

    @Test
    public void theLimitIsSharedByTheRoutesInTurn() throws Exception {
        try (Database db = open()) {
            appendEvents(db, 4, "alpha", "beta");
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());

            List<ClaimedDelivery> claimed = new ArrayList<>();
            claimed.addAll(queue.claim(2, LEASE, route -> 10).get());
            claimed.addAll(queue.claim(2, LEASE, route -> 10).get());
            assertEquals(4, claimed.size());
            assertEquals(Map.of("alpha", 2L, "beta", 2L), byRoute(claimed),
                    "neither route takes every claim because of its name");
        }
    }

    /**
     * 100,000 due deliveries of a route at its bound, in front of a few of another route: the other
     * route is claimed, and the claim costs about what it costs beside an empty route.
     */
    @Test
    public void aRouteAtItsBoundIsPassedOverBehindABacklogOfItsOwn() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            appendEvents(db, 1, "fast");
            Duration alone = medianClaim(queue, room(Map.of("slow", 0), 10));
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + BACKLOG
                        + ") INSERT INTO deliveries (event_id, route, handler, status, next_attempt_at, updated_at)"
                        + " SELECT 'backlog-' || i, 'slow', 'forward', 'pending', i, i FROM n");
            }
            List<String> fast = appendEvents(db, 5, "fast");

            List<ClaimedDelivery> claimed = queue.claim(16, LEASE, room(Map.of("slow", 0), 16)).get();
            assertEquals(fast.stream().sorted().toList(), claimed.stream().map(ClaimedDelivery::eventId).sorted().toList(),
                    "the fast route's deliveries, and none of the backlog");
            Duration behindBacklog = medianClaim(queue, room(Map.of("slow", 0), 16));
            Duration withRoom = medianClaim(queue, room(Map.of("slow", 2), 16));
            assertEquals(2 * 21, count("SELECT count(*) FROM deliveries WHERE route = 'slow' AND claimed_until IS NOT NULL"),
                    "with room, the slow route's oldest deliveries are claimed two at a time");
            System.out.printf("%s: one claim round, median of 21: %.2f ms beside an empty route; behind %,d due deliveries"
                    + " of a route at its bound %.2f ms; taking 2 of them %.2f ms%n", getClass().getName(),
                    alone.toNanos() / 1e6, BACKLOG, behindBacklog.toNanos() / 1e6, withRoom.toNanos() / 1e6);
            assertTrue(behindBacklog.toMillis() < 250, "a claim behind the backlog took " + behindBacklog);
        }
    }

    private static Duration medianClaim(DeliveryQueue queue, ToIntFunction<String> room) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long started = System.nanoTime();
            queue.claim(16, LEASE, room).get();
            nanos.add(System.nanoTime() - started);
        }
        Collections.sort(nanos);
        return Duration.ofNanos(nanos.get(nanos.size() / 2));
    }

    /** Events in order of arrival, each with a delivery to every one of {@code routes}. */
    private static List<String> appendEvents(Database db, int events, String... routes) throws Exception {
        EventStore store = new EventStore(db);
        List<DeliveryTarget> targets = Arrays.stream(routes).map(route -> new DeliveryTarget(route, "forward"))
                .toList();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add(store.append(new NewEvent("gh", "github", "k-" + System.nanoTime(), "push", null, Map.of(),
                    new byte[] {1}, targets)).get().eventId());
            Thread.sleep(2);
        }
        return ids;
    }

    private static ToIntFunction<String> room(Map<String, Integer> rooms, int otherwise) {
        return route -> rooms.getOrDefault(route, otherwise);
    }

    private static Map<String, Long> byRoute(List<ClaimedDelivery> claimed) {
        return claimed.stream().collect(Collectors.groupingBy(ClaimedDelivery::route, Collectors.counting()));
    }
}
