package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Claiming an ordered route whose key is held: the deliveries behind the holder are not read by
 * every claim, and they run in receipt order, one at a time, once the holder is skipped, replayed
 * or released.
 */
public abstract class OrderedClaimContract extends StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String ORDERED = "billing";
    private static final Predicate<String> ORDERED_ROUTES = ORDERED::equals;
    private static final int HELD_BACKLOG = 19_000;
    private static final int OTHER_KEYS = 1_000;
    private static final int UNORDERED_BACKLOG = 80_000;

    protected OrderedClaimContract(EngineUnderTest engine) {
        super(engine);
    }

    /**
     * The measurement in docs/performance.md: 100,000 deliveries to run, of an unordered route
     * (80,000) and an ordered one, whose key {@code stuck} is held by a dead delivery with 19,000 of
     * its deliveries due ahead of 1,000 deliveries of other keys. Prints the claim's cost; what it
     * checks is only what a claim gives.
     */
    @Test
    public void aHeldKeysBacklogIsNotReadByEveryClaimAndAnUnorderedClaimIsNotSlowed() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            fill("INSERT INTO deliveries (event_id, route, handler, status, next_attempt_at, updated_at)"
                    + " SELECT 'p' || (1000000 + i), 'plain', 'forward', 'pending', i, i FROM n", UNORDERED_BACKLOG);
            Duration unorderedBefore = medianClaim(queue, only("plain"));
            fill("INSERT INTO deliveries (event_id, route, handler, status, next_attempt_at, updated_at, order_key)"
                    + " SELECT 'e' || (1000000 + i), '" + ORDERED + "', 'forward', CASE WHEN i = 0 THEN 'dead' ELSE 'pending' END,"
                    + " CASE WHEN i = 0 THEN NULL ELSE i END, i, CASE WHEN i <= " + HELD_BACKLOG + " THEN 'stuck'"
                    + " ELSE 'k' || i END FROM n", HELD_BACKLOG + OTHER_KEYS);

            long started = System.nanoTime();
            List<ClaimedDelivery> first = queue.claim(16, LEASE, only(ORDERED), ORDERED_ROUTES).get();
            Duration firstRound = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(16, first.size());
            assertEquals("e" + (1_000_000 + HELD_BACKLOG + 1), first.stream().map(ClaimedDelivery::eventId).sorted()
                    .findFirst().orElseThrow(), "the first delivery of another key, and none of the held key");
            // Rounds go on until the held key's backlog is out of the claim's way, if it ever is.
            int rounds = 1;
            long started2 = System.nanoTime();
            while (rounds < 20 && count("SELECT count(*) FROM deliveries WHERE order_key = 'stuck' AND status = 'pending'"
                    + " AND next_attempt_at <= ?", Instant.now().toEpochMilli()) > 0) {
                queue.claim(16, LEASE, only(ORDERED), ORDERED_ROUTES).get();
                rounds++;
            }
            Duration untilSteady = Duration.ofNanos(System.nanoTime() - started2);
            // In turns, so that what else the machine does falls on both alike.
            List<Long> orderedRounds = new ArrayList<>();
            List<Long> unorderedRounds = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                orderedRounds.add(timedClaim(queue, only(ORDERED)));
                unorderedRounds.add(timedClaim(queue, only("plain")));
            }
            Duration ordered = median(orderedRounds);
            Duration unordered = median(unorderedRounds);
            assertEquals(0, count("SELECT count(*) FROM deliveries WHERE order_key = 'stuck' AND claimed_until IS NOT NULL"),
                    "no delivery of the held key was claimed");
            System.out.printf("%s: one claim round of 16, median of 21: unordered route %.3f ms (%.3f ms before the"
                    + " ordered route's deliveries); ordered route with %,d due deliveries of a key held by a dead one"
                    + " ahead of the other keys: %.3f ms (its first round %.3f ms, %d rounds in %.1f ms more until the"
                    + " held key's deliveries were out of the claim's range)%n", getClass().getName(),
                    unordered.toNanos() / 1e6, unorderedBefore.toNanos() / 1e6, HELD_BACKLOG, ordered.toNanos() / 1e6,
                    firstRound.toNanos() / 1e6, rounds - 1, untilSteady.toNanos() / 1e6);
            assertTrue(ordered.toMillis() < 250, "a claim behind the held key took " + ordered);
        }
    }

    @Test
    public void theDeliveriesBehindASkippedHolderRunInReceiptOrderOneAtATime() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            List<String> key = append(db, "cus_1", 5);
            ClaimedDelivery holder = claimOne(queue);
            assertEquals(key.get(0), holder.eventId());
            queue.finish(failed(holder, DeliveryStatus.DEAD)).get();
            String other = append(db, "cus_2", 1).get(0);
            assertEquals(List.of(other), eventIds(claim(queue)), "only the other key runs while cus_1 is held");
            assertEquals(List.of(), claim(queue), "nothing of the held key, however often the claimer asks");
            assertTrue(queue.oldestDue().orElseThrow().isBefore(Instant.now().plusSeconds(1)),
                    "the deliveries waiting behind the held key are still due, and counted as waiting");
            EventDetail waiting = new EventQueries(db, new JdbcReplayRecords()).detail(key.get(1)).orElseThrow();
            assertTrue(waiting.deliveries().get(0).nextAttemptAt().isBefore(Instant.now().plusSeconds(1)),
                    "a waiting delivery shows when it came due: " + waiting.deliveries().get(0).nextAttemptAt());

            assertEquals(DeliveryQueue.SkipOutcome.SKIPPED, queue.skip(holder.eventId(), ORDERED).get());
            assertEquals(key.subList(1, 5), runOneAtATime(queue), "the rest of the key, in receipt order");
        }
    }

    @Test
    public void anEventsDetailShowsEachDeliverysKeyAndTheDeliveryItWaitsBehind() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            EventQueries holding = new EventQueries(db, new JdbcReplayRecords(), true);
            List<String> key = append(db, "cus_1", 3);
            ClaimedDelivery holder = claimOne(queue);
            assertEquals(new Shown("cus_1", null), shown(holding, key.get(0)), "a running delivery waits behind nothing");
            assertEquals(new Shown("cus_1", key.get(0)), shown(holding, key.get(1)), "behind its key's running delivery");
            queue.finish(failed(holder, DeliveryStatus.DEAD)).get();
            assertEquals(new Shown("cus_1", null), shown(holding, key.get(0)), "the dead holder itself");
            assertEquals(new Shown("cus_1", key.get(0)), shown(holding, key.get(1)));
            assertEquals(new Shown("cus_1", key.get(0)), shown(holding, key.get(2)),
                    "each waiting delivery names the one holding the key, as the routes panel does");
            EventQueries releasing = new EventQueries(db, new JdbcReplayRecords(), false);
            assertEquals(new Shown("cus_1", null), shown(releasing, key.get(1)), "a dead delivery that releases holds nothing");
            assertEquals(new Shown("cus_1", key.get(1)), shown(releasing, key.get(2)));

            assertEquals(DeliveryQueue.SkipOutcome.SKIPPED, queue.skip(key.get(0), ORDERED).get());
            assertEquals(new Shown("cus_1", null), shown(holding, key.get(1)), "next of its key once the holder is skipped");
            assertEquals(new Shown("cus_1", key.get(1)), shown(holding, key.get(2)));

            // An event that committed late, with an older id than one of its key already claimed, waits behind that one.
            List<String> late = append(db, "cus_2", 2);
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE deliveries SET claimed_until = " + Instant.now().plusSeconds(300).toEpochMilli()
                        + " WHERE event_id = '" + late.get(1) + "'");
            }
            assertEquals(new Shown("cus_2", late.get(1)), shown(holding, late.get(0)));
        }
    }

    private record Shown(String orderKey, String heldBy) {}

    private static Shown shown(EventQueries queries, String eventId) {
        EventDetail.Delivery delivery = queries.detail(eventId).orElseThrow().deliveries().get(0);
        return new Shown(delivery.orderKey(), delivery.heldBy());
    }

    @Test
    public void aReplayedHolderRunsFirstAndThenTheRestOfItsKeyInOrder() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            List<String> key = append(db, "cus_1", 4);
            queue.finish(failed(claimOne(queue), DeliveryStatus.DEAD)).get();
            assertEquals(List.of(), claim(queue), "the key is held by its dead delivery");
            assertEquals(List.of(), claim(queue));

            queue.replay(key.get(0), List.of(new DeliveryTarget(ORDERED, "forward")), ReplayRequest.of(ReplayChoice.FAILED))
                    .get();
            assertEquals(key, runOneAtATime(queue), "the replayed holder first, then the rest of its key");
        }
    }

    @Test
    public void aRetryingHolderKeepsItsKeyUntilItsRetryAndThenTheRestRun() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        try (Database db = open(clock)) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            List<String> key = append(db, "cus_1", 3);
            ClaimedDelivery holder = claimOne(queue);
            queue.finish(new AttemptResult(holder, clock.instant(), Duration.ofMillis(1), DeliveryStatus.RETRYING,
                    "downstream_unavailable", "HTTP 503", clock.instant().plusSeconds(30))).get();
            assertEquals(List.of(), claim(queue), "nothing runs before the holder's retry");
            assertEquals(List.of(), claim(queue));

            clock.advance(Duration.ofSeconds(31));
            assertEquals(key, runOneAtATime(queue), "the holder's retry, then the rest of its key");
        }
    }

    @Test
    public void deadDeliveriesThatNoLongerHoldTheirKeyLetTheWaitingOnesRun() throws Exception {
        try (Database db = open()) {
            List<String> key = append(db, "cus_1", 3);
            DeliveryQueue holding = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            holding.finish(failed(claimOne(holding), DeliveryStatus.DEAD)).get();
            assertEquals(List.of(), claim(holding), "held while dead deliveries hold their key");

            DeliveryQueue releasing = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), false);
            assertEquals(key.subList(1, 3), runOneAtATime(releasing),
                    "restarted with order-dead: release, the rest of the key runs, in order");
        }
    }

    @Test
    public void aRouteThatNoLongerDeliversInOrderRunsTheDeliveriesThatWaitedForTheirKey() throws Exception {
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords(), true);
            List<String> key = append(db, "cus_1", 3);
            queue.finish(failed(claimOne(queue), DeliveryStatus.DEAD)).get();
            assertEquals(List.of(), claim(queue));

            // Its order_by removed (a subscription's, at run time): its claims no longer keep keys apart
            // between processes, but still keep the order each delivery was stored with.
            assertEquals(List.of(), queue.claim(16, LEASE, route -> 16, route -> false).get(),
                    "the dead delivery still holds the deliveries stored with its key");
            assertEquals(DeliveryQueue.SkipOutcome.SKIPPED, queue.skip(key.get(0), ORDERED).get());
            List<String> ran = new ArrayList<>();
            for (int round = 0; round < 10 && ran.size() < 2; round++) {
                for (ClaimedDelivery delivery : queue.claim(16, LEASE, route -> 16, route -> false).get()) {
                    ran.add(delivery.eventId());
                    queue.finish(new AttemptResult(delivery, Instant.now(), Duration.ofMillis(1),
                            DeliveryStatus.PROCESSED, null, "HTTP 200", null)).get();
                }
            }
            assertEquals(key.subList(1, 3), ran);
        }
    }

    /** Claims and delivers the ordered route's deliveries until none is left, checking that one runs at a time. */
    private static List<String> runOneAtATime(DeliveryQueue queue) throws Exception {
        List<String> ran = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            List<ClaimedDelivery> claimed = claim(queue);
            if (claimed.isEmpty()) {
                break;
            }
            assertEquals(1, claimed.size(), "one delivery of a key at a time, after " + ran);
            ran.add(claimed.get(0).eventId());
            assertEquals(List.of(), claim(queue), "nothing beside a running delivery of its key");
            queue.finish(new AttemptResult(claimed.get(0), Instant.now(), Duration.ofMillis(1), DeliveryStatus.PROCESSED,
                    null, "HTTP 200", null)).get();
        }
        return ran;
    }

    private static ClaimedDelivery claimOne(DeliveryQueue queue) throws Exception {
        List<ClaimedDelivery> claimed = claim(queue);
        assertEquals(1, claimed.size(), "the oldest of the key, alone: " + claimed);
        return claimed.get(0);
    }

    private static List<ClaimedDelivery> claim(DeliveryQueue queue) throws Exception {
        return queue.claim(16, LEASE, route -> 16, ORDERED_ROUTES).get();
    }

    private static List<String> eventIds(List<ClaimedDelivery> claimed) {
        return claimed.stream().map(ClaimedDelivery::eventId).toList();
    }

    private static AttemptResult failed(ClaimedDelivery delivery, DeliveryStatus next) {
        return new AttemptResult(delivery, Instant.now(), Duration.ofMillis(1), next, "downstream_rejected", "HTTP 400",
                null);
    }

    /** Events of one order key, in order of arrival, each with a delivery to the ordered route. */
    private static List<String> append(Database db, String orderKey, int events) throws Exception {
        EventStore store = new EventStore(db);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add(store.append(new NewEvent("stripe", "stripe", orderKey + "-" + System.nanoTime(), "invoice.paid", null,
                    Map.of(), new byte[] {1}, List.of(new DeliveryTarget(ORDERED, "forward", orderKey)))).get().eventId());
        }
        return ids;
    }

    /** Runs {@code insert}, which selects from {@code n(i)}, for i from 0 to {@code last}. */
    private void fill(String insert, int last) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + last
                    + ") " + insert);
        }
    }

    private static ToIntFunction<String> only(String route) {
        return name -> name.equals(route) ? 16 : 0;
    }

    private static Duration medianClaim(DeliveryQueue queue, ToIntFunction<String> room) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            nanos.add(timedClaim(queue, room));
        }
        return median(nanos);
    }

    /** One claim round of up to 16, its commit included, in nanoseconds. */
    private static long timedClaim(DeliveryQueue queue, ToIntFunction<String> room) throws Exception {
        long started = System.nanoTime();
        queue.claim(16, LEASE, room, ORDERED_ROUTES).get();
        return System.nanoTime() - started;
    }

    private static Duration median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return Duration.ofNanos(sorted.get(sorted.size() / 2));
    }
}
