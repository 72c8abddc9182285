package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public abstract class DeliveryQueueContract extends StoreContract {

    protected DeliveryQueueContract(EngineUnderTest engine) {
        super(engine);
    }

    private static final List<DeliveryTarget> TWO_ROUTES =
            List.of(new DeliveryTarget("forward-ci", "forward"), new DeliveryTarget("audit", "log"));

    @Test
    public void eventWithoutRoutesIsProcessedAtOnceAndOneWithRoutesIsPending() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            String none = store.append(event("k0", List.of())).get().eventId();
            String two = store.append(event("k1", TWO_ROUTES)).get().eventId();
            EventQueries queries = new EventQueries(db);
            assertEquals(DeliveryStatus.PROCESSED, queries.detail(none).orElseThrow().summary().status());
            EventDetail detail = queries.detail(two).orElseThrow();
            assertEquals(DeliveryStatus.PENDING, detail.summary().status());
            assertEquals(2, detail.deliveries().size());
        }
    }

    @Test
    public void claimedDeliveryIsNotClaimedTwiceUntilItsLeaseEnds() throws Exception {
        try (Database db = open()) {
            new EventStore(db).append(event("k1", TWO_ROUTES)).get();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance");
            List<ClaimedDelivery> first = queue.claim(10, Duration.ofMinutes(5)).get();
            assertEquals(2, first.size());
            assertEquals(1, first.get(0).attempt());
            assertEquals(List.of(), queue.claim(10, Duration.ofMinutes(5)).get());
            assertEquals(2, queue.releaseClaims().get());
            assertEquals(2, queue.claim(10, Duration.ofMinutes(5)).get().size(), "released claims are claimable");
        }
    }

    @Test
    public void whatTheTargetAnsweredIsKeptWithEachAttemptAndAnAttemptWithoutAnswerHasNone() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k-answer", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance");
            List<ClaimedDelivery> claimed = queue.claim(10, Duration.ofMinutes(5)).get();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "text/html; charset=utf-8");
            headers.put("set-cookie", "••••");
            headers.put("x-request-id", "req-42");
            AttemptAnswer answered = new AttemptAnswer(500, "https://ci.example/hooks?token=••••", headers,
                    "<h1>Erreur interne</h1> déjà vu ✓", 37);
            queue.finish(new AttemptResult(claimed.get(0), Instant.now(), Duration.ofMillis(40), DeliveryStatus.DEAD,
                    "downstream_unavailable", "HTTP 500 from ci.example", null, answered)).get();
            queue.finish(new AttemptResult(claimed.get(1), Instant.now(), Duration.ofMillis(3), DeliveryStatus.DEAD,
                    "downstream_unavailable", "Connection refused", null)).get();

            List<EventDetail.Attempt> attempts = new EventQueries(db).detail(id).orElseThrow().attempts();
            assertEquals(answered, attempts.get(0).answer(), "status, URL, headers, body and time, as they were given");
            assertEquals(List.copyOf(headers.keySet()), List.copyOf(attempts.get(0).answer().headers().keySet()));
            assertEquals(null, attempts.get(1).answer(), "no connection, no answer");
        }
    }

    @Test
    public void eventStatusIsTheWorstOfItsDeliveriesAndEveryAttemptIsKept() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance");
            EventQueries queries = new EventQueries(db);
            List<ClaimedDelivery> claimed = queue.claim(10, Duration.ofMinutes(5)).get();
            ClaimedDelivery audit = claimed.stream().filter(d -> d.route().equals("audit")).findFirst().orElseThrow();
            ClaimedDelivery forward = claimed.stream().filter(d -> d.route().equals("forward-ci")).findFirst().orElseThrow();

            queue.finish(new AttemptResult(audit, Instant.now(), Duration.ofMillis(3), DeliveryStatus.PROCESSED,
                    null, "HTTP 200 from audit.example", null)).get();
            queue.finish(new AttemptResult(forward, Instant.now(), Duration.ofMillis(40), DeliveryStatus.RETRYING,
                    "downstream_unavailable", "HTTP 503", clock.instant().plusSeconds(5))).get();
            EventDetail detail = queries.detail(id).orElseThrow();
            assertEquals(DeliveryStatus.RETRYING, detail.summary().status());
            assertEquals("downstream_unavailable", detail.summary().lastErrorClass());
            assertEquals(List.of(), queue.claim(10, Duration.ofMinutes(5)).get(), "not due before its retry time");

            clock.advance(Duration.ofSeconds(6));
            ClaimedDelivery retry = queue.claim(10, Duration.ofMinutes(5)).get().get(0);
            assertEquals(2, retry.attempt());
            assertTrue(queue.finish(new AttemptResult(retry, Instant.now(), Duration.ofMillis(1), DeliveryStatus.DEAD,
                    "downstream_rejected", "HTTP 400", null)).get());
            detail = queries.detail(id).orElseThrow();
            assertEquals(DeliveryStatus.DEAD, detail.summary().status());
            assertEquals(3, detail.attempts().size());
            assertEquals(List.of("succeeded", "failed", "failed"),
                    detail.attempts().stream().map(EventDetail.Attempt::outcome).toList());
            assertEquals("HTTP 200 from audit.example", detail.attempts().get(0).message(), "a success keeps its answer");
            assertEquals(null, detail.deliveries().stream().filter(d -> d.route().equals("audit")).findFirst().orElseThrow()
                    .lastError(), "and it is no error");
            assertTrue(detail.attempts().stream().allMatch(attempt -> "test-instance".equals(attempt.instance())),
                    "each attempt names the receiver that ran it");

            assertEquals(ReplayOutcome.QUEUED, queue.replay(id, List.of(new DeliveryTarget("forward-ci", "forward"))).get());
            detail = queries.detail(id).orElseThrow();
            assertEquals(DeliveryStatus.PENDING, detail.summary().status());
            assertNull(detail.summary().lastErrorClass());
            assertEquals(1, queue.claim(10, Duration.ofMinutes(5)).get().size());
            assertEquals(ReplayOutcome.NOT_FOUND, queue.replay("evt_nope", List.of()).get());
        }
    }

    @Test
    public void aWorkerWhoseLeaseRanOutRecordsNothingAndTheNewClaimFinishes() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", List.of(new DeliveryTarget("ci", "forward")))).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance");
            ClaimedDelivery stale = queue.claim(1, Duration.ofSeconds(1)).get().get(0);
            clock.advance(Duration.ofSeconds(2));
            ClaimedDelivery current = queue.claim(1, Duration.ofMinutes(1)).get().get(0);
            assertEquals(stale.attempt(), current.attempt(), "the lost attempt was never recorded");

            assertFalse(queue.finish(new AttemptResult(stale, Instant.now(), Duration.ofSeconds(2),
                    DeliveryStatus.PROCESSED, null, null, null)).get(), "the lease is no longer this worker's");
            assertEquals(List.of(), new EventQueries(db).detail(id).orElseThrow().attempts());
            assertTrue(queue.finish(new AttemptResult(current, Instant.now(), Duration.ofMillis(5),
                    DeliveryStatus.PROCESSED, null, null, null)).get());
            EventDetail detail = new EventQueries(db).detail(id).orElseThrow();
            assertEquals(DeliveryStatus.PROCESSED, detail.summary().status());
            assertEquals(1, detail.attempts().size());
        }
    }

    @Test
    public void oldestDueIsTheEarliestDueTimeOfTheDeliveriesNotYetDelivered() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance");
            assertEquals(Optional.empty(), queue.oldestDue(), "nothing stored, nothing due");
            Instant first = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String oldest = store.append(event("k1", List.of(new DeliveryTarget("forward-ci", "forward")))).get().eventId();
            clock.advance(Duration.ofSeconds(30));
            store.append(event("k2", TWO_ROUTES)).get();
            assertEquals(Optional.of(first), queue.oldestDue(), "the first stored, on another route than the newest");

            List<ClaimedDelivery> claimed = queue.claim(10, Duration.ofMinutes(5)).get();
            assertEquals(3, claimed.size());
            assertEquals(Optional.of(first), queue.oldestDue(), "held by a worker is not delivered yet");
            Instant retryAt = clock.instant().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            for (ClaimedDelivery delivery : claimed) {
                queue.finish(delivery.eventId().equals(oldest)
                        ? new AttemptResult(delivery, Instant.now(), Duration.ofMillis(3), DeliveryStatus.RETRYING,
                                "downstream_unavailable", "HTTP 503", retryAt)
                        : new AttemptResult(delivery, Instant.now(), Duration.ofMillis(3), DeliveryStatus.PROCESSED,
                                null, null, null)).get();
            }
            assertEquals(Optional.of(retryAt), queue.oldestDue(), "a retry is due at its retry time, later than now");
        }
    }

    @Test
    public void listIsNewestFirstAndPagesByCursorWithFilters() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            for (int i = 0; i < 5; i++) {
                store.append(event("k" + i, i % 2 == 0 ? TWO_ROUTES : List.of())).get();
                Thread.sleep(2);
            }
            EventQueries queries = new EventQueries(db);
            EventPage first = queries.list(EventFilter.any(), null, 2);
            EventPage second = queries.list(EventFilter.any(), first.nextCursor(), 2);
            EventPage third = queries.list(EventFilter.any(), second.nextCursor(), 2);
            assertEquals(List.of("k4", "k3", "k2", "k1", "k0"), java.util.stream.Stream.of(first, second, third)
                    .flatMap(page -> page.events().stream()).map(EventSummary::key).toList());
            assertNull(third.nextCursor());
            EventFilter pending = new EventFilter(DeliveryStatus.PENDING, "gh", "pull_*", null, null);
            assertEquals(3, queries.list(pending, null, 10).events().size());
            assertEquals(0, queries.list(new EventFilter(null, null, "push", null, null), null, 10).events().size());
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PENDING, 3L, DeliveryStatus.PROCESSED, 2L)),
                    queries.countsBySourceAndStatus());
        }
    }

    @Test
    public void retentionPrunesProcessedBodiesFirstAndKeysLater() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            String processed = store.append(event("k0", List.of())).get().eventId();
            String pending = store.append(event("k1", TWO_ROUTES)).get().eventId();
            Thread.sleep(5);
            Retention retention = new Retention(db);
            assertEquals(1, retention.prune(Duration.ZERO, Duration.ofDays(1), 100).get().bodies());
            assertNull(store.find(processed).orElseThrow().body(), "a processed body is pruned");
            assertTrue(store.find(pending).orElseThrow().body().length > 0, "a pending body is kept");
            assertEquals(ReplayOutcome.BODY_PRUNED, new DeliveryQueue(db, "test-instance").replay(processed, List.of()).get());
            assertTrue(store.append(event("k0", List.of())).get().duplicate(), "the key outlives the body");

            assertEquals(1, retention.prune(Duration.ZERO, Duration.ZERO, 100).get().events());
            assertTrue(store.find(processed).isEmpty());
            assertTrue(store.find(pending).isPresent(), "what is not processed is never pruned");
        }
    }

    private final SettableClock clock = new SettableClock(Instant.now());

    private static NewEvent event(String key, List<DeliveryTarget> targets) {
        return new NewEvent("gh", "github", key, "pull_request.opened", null, Map.of(), new byte[] {1, 2}, targets);
    }
}
