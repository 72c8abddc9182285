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
import java.util.TreeMap;
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
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals(DeliveryStatus.PROCESSED, queries.detail(none).orElseThrow().summary().status());
            EventDetail detail = queries.detail(two).orElseThrow();
            assertEquals(DeliveryStatus.PENDING, detail.summary().status());
            assertEquals(2, detail.deliveries().size());
        }
    }

    @Test
    public void theCountsFollowAnEventThroughItsStatusesBySourceAndHour() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k-counted", TWO_ROUTES)).get().eventId();
            new EventStore(db).append(event("k-other", List.of())).get();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            Instant hour = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            List<ClaimedDelivery> claimed = queue.claim(10, Duration.ofMinutes(5)).get();
            queue.finish(new AttemptResult(claimed.get(0), clock.instant(), Duration.ofMillis(3), DeliveryStatus.PROCESSED,
                    null, null, null)).get();
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PENDING, 1L, DeliveryStatus.PROCESSED, 1L)),
                    queries.countsBySourceAndStatus(), "one delivery done, the other still to run");
            queue.finish(new AttemptResult(claimed.get(1), clock.instant(), Duration.ofMillis(3), DeliveryStatus.DEAD,
                    "downstream_unavailable", "Connection refused", null)).get();
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.DEAD, 1L, DeliveryStatus.PROCESSED, 1L)),
                    queries.countsBySourceAndStatus());
            assertEquals(Map.of(hour, Map.of(DeliveryStatus.DEAD, 1L, DeliveryStatus.PROCESSED, 1L)),
                    queries.hourly(hour.minus(Duration.ofHours(1))));
            queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.FAILED)).get();
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PENDING, 1L, DeliveryStatus.PROCESSED, 1L)),
                    queries.countsBySourceAndStatus(), "a replay moves it back to pending");
            assertEquals(Map.of(hour, Map.of(DeliveryStatus.PENDING, 1L, DeliveryStatus.PROCESSED, 1L)),
                    queries.hourly(hour.minus(Duration.ofHours(1))));
        }
    }

    @Test
    public void claimedDeliveryIsNotClaimedTwiceUntilItsLeaseEnds() throws Exception {
        try (Database db = open()) {
            new EventStore(db).append(event("k1", TWO_ROUTES)).get();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
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
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
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

            List<EventDetail.Attempt> attempts = new EventQueries(db, new JdbcReplayRecords()).detail(id).orElseThrow().attempts();
            assertEquals(answered, attempts.get(0).answer(), "status, URL, headers, body and time, as they were given");
            assertEquals(List.copyOf(headers.keySet()), List.copyOf(attempts.get(0).answer().headers().keySet()));
            assertEquals(null, attempts.get(1).answer(), "no connection, no answer");
        }
    }

    @Test
    public void eventStatusIsTheWorstOfItsDeliveriesAndEveryAttemptIsKept() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
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

            assertEquals(new ReplayResult(ReplayOutcome.QUEUED, List.of("forward-ci"), List.of()),
                    queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.FAILED)).get());
            detail = queries.detail(id).orElseThrow();
            assertEquals(DeliveryStatus.PENDING, detail.summary().status());
            assertNull(detail.summary().lastErrorClass());
            assertEquals(1, queue.claim(10, Duration.ofMinutes(5)).get().size());
            assertEquals(ReplayOutcome.NOT_FOUND,
                    queue.replay("evt_nope", List.of(), ReplayRequest.of(ReplayChoice.ALL)).get().outcome());
        }
    }

    @Test
    public void aWorkerWhoseLeaseRanOutRecordsNothingAndTheNewClaimFinishes() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", List.of(new DeliveryTarget("ci", "forward")))).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            ClaimedDelivery stale = queue.claim(1, Duration.ofSeconds(1)).get().get(0);
            clock.advance(Duration.ofSeconds(2));
            ClaimedDelivery current = queue.claim(1, Duration.ofMinutes(1)).get().get(0);
            assertEquals(stale.attempt(), current.attempt(), "the lost attempt was never recorded");

            assertFalse(queue.finish(new AttemptResult(stale, Instant.now(), Duration.ofSeconds(2),
                    DeliveryStatus.PROCESSED, null, null, null)).get(), "the lease is no longer this worker's");
            assertEquals(List.of(), new EventQueries(db, new JdbcReplayRecords()).detail(id).orElseThrow().attempts());
            assertTrue(queue.finish(new AttemptResult(current, Instant.now(), Duration.ofMillis(5),
                    DeliveryStatus.PROCESSED, null, null, null)).get());
            EventDetail detail = new EventQueries(db, new JdbcReplayRecords()).detail(id).orElseThrow();
            assertEquals(DeliveryStatus.PROCESSED, detail.summary().status());
            assertEquals(1, detail.attempts().size());
        }
    }

    @Test
    public void oldestDueIsTheEarliestDueTimeOfTheDeliveriesNotYetDelivered() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
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
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
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
            assertEquals(ReplayOutcome.BODY_PRUNED, new DeliveryQueue(db, "test-instance", new JdbcReplayRecords())
                    .replay(processed, List.of(), ReplayRequest.of(ReplayChoice.ALL)).get().outcome());
            assertTrue(store.append(event("k0", List.of())).get().duplicate(), "the key outlives the body");

            assertEquals(1, retention.prune(Duration.ZERO, Duration.ZERO, 100).get().events());
            assertTrue(store.find(processed).isEmpty());
            assertTrue(store.find(pending).isPresent(), "what is not processed is never pruned");
        }
    }

    @Test
    public void aReplayQueuesOnlyTheFailedDeliveriesByDefaultAndAttemptNumbersGoOn() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            deliverAuditAndKillForward(queue);

            ReplayResult replayed = queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.FAILED)).get();
            assertEquals(List.of("forward-ci"), replayed.routes(), "the delivery that succeeded is left alone");
            EventDetail detail = queries.detail(id).orElseThrow();
            assertEquals(Map.of("audit", DeliveryStatus.PROCESSED, "forward-ci", DeliveryStatus.PENDING),
                    statuses(detail));
            assertEquals(DeliveryStatus.PENDING, detail.summary().status());
            ClaimedDelivery again = queue.claim(10, Duration.ofMinutes(5)).get().get(0);
            assertEquals(List.of("forward-ci", 3, 1), List.of(again.route(), again.attempt(), again.attemptOfRun()),
                    "attempt 3 after two, and the first of the replay for the retry schedule");
            queue.finish(new AttemptResult(again, Instant.now(), Duration.ofMillis(2), DeliveryStatus.PROCESSED, null,
                    null, null)).get();
            detail = queries.detail(id).orElseThrow();
            assertEquals(List.of(1, 1, 2, 3), detail.attempts().stream().map(EventDetail.Attempt::number).sorted().toList());
            assertEquals(3, detail.deliveries().stream().filter(d -> d.route().equals("forward-ci")).findFirst()
                    .orElseThrow().attempts());
            assertEquals(DeliveryStatus.PROCESSED, detail.summary().status());

            assertEquals(1, detail.replays().size());
            EventDetail.Replay replay = detail.replays().get(0);
            assertEquals(List.of("api", "failed", List.of("forward-ci"), false),
                    List.of(replay.startedBy(), replay.selection(), replay.routes(), replay.dryRun()));
            assertNull(replay.rate());
            assertEquals(List.of(), queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.FAILED)).get().routes(),
                    "nothing failed, nothing to replay");
            assertEquals(1, queries.detail(id).orElseThrow().replays().size(), "and nothing recorded");
        }
    }

    @Test
    public void aReplayOfNamedRoutesOrOfAllQueuesThoseAndADryRunOnlyRecords() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            deliverAuditAndKillForward(queue);

            ReplayRequest dryRun = new ReplayRequest(ReplayChoice.ALL, ReplayRequest.DASHBOARD, true, null);
            assertEquals(List.of("forward-ci", "audit"), queue.replay(id, TWO_ROUTES, dryRun).get().routes());
            assertEquals(Map.of("audit", DeliveryStatus.PROCESSED, "forward-ci", DeliveryStatus.DEAD),
                    statuses(queries.detail(id).orElseThrow()), "a dry run changes nothing");

            queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.routes(List.of("audit")))).get();
            assertEquals(Map.of("audit", DeliveryStatus.PENDING, "forward-ci", DeliveryStatus.DEAD),
                    statuses(queries.detail(id).orElseThrow()), "only the route named");
            queue.replay(id, TWO_ROUTES, ReplayRequest.of(ReplayChoice.ALL)).get();
            assertEquals(Map.of("audit", DeliveryStatus.PENDING, "forward-ci", DeliveryStatus.PENDING),
                    statuses(queries.detail(id).orElseThrow()));
            List<EventDetail.Replay> history = queries.detail(id).orElseThrow().replays();
            assertEquals(List.of("all", "routes", "all"), history.stream().map(EventDetail.Replay::selection).toList());
            assertEquals(List.of(true, false, false), history.stream().map(EventDetail.Replay::dryRun).toList());
            assertEquals("dashboard", history.get(0).startedBy());
            assertEquals(List.of(List.of("audit", "forward-ci"), List.of("audit"), List.of("audit", "forward-ci")),
                    history.stream().map(EventDetail.Replay::routes).toList());
        }
    }

    @Test
    public void aBulkReplayIsOneRecordInTheHistoryOfEachEventItQueued() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            String first = store.append(event("k1", List.of(new DeliveryTarget("ci", "forward")))).get().eventId();
            String second = store.append(event("k2", List.of(new DeliveryTarget("ci", "forward")))).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            for (ClaimedDelivery delivery : queue.claim(10, Duration.ofMinutes(5)).get()) {
                DeliveryStatus next = delivery.eventId().equals(first) ? DeliveryStatus.DEAD : DeliveryStatus.PROCESSED;
                queue.finish(new AttemptResult(delivery, Instant.now(), Duration.ofMillis(1), next,
                        next == DeliveryStatus.DEAD ? "downstream_rejected" : null, null, null)).get();
            }
            ReplayRequest paced = new ReplayRequest(ReplayChoice.FAILED, ReplayRequest.API, false, 5.0);
            long replay = queue.startReplay(paced).get();
            List<DeliveryTarget> ci = List.of(new DeliveryTarget("ci", "forward"));
            Map<String, List<DeliveryTarget>> batch = new LinkedHashMap<>();
            batch.put(first, ci);
            batch.put(second, ci);
            assertEquals(1, queue.replayAll(replay, paced, batch).get(), "only the dead event had a failed delivery");
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            EventDetail.Replay recorded = queries.detail(first).orElseThrow().replays().get(0);
            assertEquals(List.of(replay, 5.0, List.of("ci")), List.of(recorded.id(), recorded.rate(), recorded.routes()));
            assertEquals(List.of(), queries.detail(second).orElseThrow().replays());
            assertEquals(Map.of(first, Map.of("ci", DeliveryStatus.PENDING), second, Map.of("ci", DeliveryStatus.PROCESSED)),
                    queries.deliveryStatuses(List.of(first, second)));
        }
    }

    @Test
    public void aReplayLeavesADeliveryWhoseAttemptIsRunningToEndAndSaysSo() throws Exception {
        try (Database db = open(clock)) {
            List<DeliveryTarget> ci = List.of(new DeliveryTarget("ci", "forward"));
            String id = new EventStore(db).append(event("k1", ci)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            List<ClaimedDelivery> running = queue.claim(10, Duration.ofMinutes(5)).get();
            assertEquals(1, running.size());

            ReplayResult result = queue.replay(id, ci, ReplayRequest.of(ReplayChoice.ALL)).get();

            assertEquals(new ReplayResult(ReplayOutcome.QUEUED, List.of(), List.of(), List.of("ci")), result);
            assertTrue(queue.finish(new AttemptResult(running.get(0), Instant.now(), Duration.ofMillis(1),
                    DeliveryStatus.PROCESSED, null, null, null)).get(), "the running attempt keeps its claim and is recorded");
            assertEquals(Map.of(id, Map.of("ci", DeliveryStatus.PROCESSED)),
                    new EventQueries(db, new JdbcReplayRecords()).deliveryStatuses(List.of(id)));
        }
    }

    @Test
    public void aBulkReplayLeavesADeadDeliveryOfARouteNoLongerConfiguredDead() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", List.of(new DeliveryTarget("gone", "forward")))).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            for (ClaimedDelivery delivery : queue.claim(10, Duration.ofMinutes(5)).get()) {
                queue.finish(new AttemptResult(delivery, Instant.now(), Duration.ofMillis(1), DeliveryStatus.DEAD,
                        "handler_bug", "route 'gone' is no longer configured", null)).get();
            }
            for (ReplayChoice choice : List.of(ReplayChoice.FAILED, ReplayChoice.ALL)) {
                ReplayRequest request = ReplayRequest.of(choice);
                long replay = queue.startReplay(request).get();
                assertEquals(0, queue.replayAll(replay, request, Map.of(id, List.of())).get(), "nothing can run");
                assertEquals(Map.of(id, Map.of("gone", DeliveryStatus.DEAD)),
                        new EventQueries(db, new JdbcReplayRecords()).deliveryStatuses(List.of(id)), "still in the dead letters, not removed");
            }
        }
    }

    @Test
    public void aFailedDeliveryOfARouteNoLongerConfiguredIsDroppedAndTheReplayHistoryGoesWithItsEvent() throws Exception {
        try (Database db = open(clock)) {
            String id = new EventStore(db).append(event("k1", TWO_ROUTES)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            deliverAuditAndKillForward(queue);
            List<DeliveryTarget> auditOnly = List.of(new DeliveryTarget("audit", "log"));

            assertEquals(new ReplayResult(ReplayOutcome.QUEUED, List.of("audit"), List.of()),
                    queue.replay(id, auditOnly, ReplayRequest.of(ReplayChoice.routes(List.of("audit")))).get(),
                    "a replay of named routes leaves the others alone");
            assertEquals(Map.of("audit", DeliveryStatus.PENDING, "forward-ci", DeliveryStatus.DEAD),
                    statuses(queries.detail(id).orElseThrow()));
            ClaimedDelivery audit = queue.claim(10, Duration.ofMinutes(5)).get().get(0);
            queue.finish(new AttemptResult(audit, Instant.now(), Duration.ofMillis(1), DeliveryStatus.PROCESSED, null, null,
                    null)).get();

            assertEquals(new ReplayResult(ReplayOutcome.QUEUED, List.of(), List.of("forward-ci")),
                    queue.replay(id, auditOnly, ReplayRequest.of(ReplayChoice.FAILED)).get(),
                    "forward-ci was removed from the configuration: its dead delivery can never run");
            EventDetail detail = queries.detail(id).orElseThrow();
            assertEquals(Map.of("audit", DeliveryStatus.PROCESSED), statuses(detail));
            assertEquals(DeliveryStatus.PROCESSED, detail.summary().status());
            assertEquals(1, count("SELECT count(*) FROM replayed_deliveries WHERE event_id = ?", id));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(1, new Retention(db).prune(Duration.ZERO, Duration.ZERO, 100).get().events());
            assertEquals(0, count("SELECT count(*) FROM replayed_deliveries WHERE event_id = ?", id),
                    "retention deletes an event's replay history with it");
        }
    }

    /** Claims both deliveries of the one event: audit succeeds, forward-ci fails once and then goes dead. */
    private void deliverAuditAndKillForward(DeliveryQueue queue) throws Exception {
        for (ClaimedDelivery delivery : queue.claim(10, Duration.ofMinutes(5)).get()) {
            boolean audit = delivery.route().equals("audit");
            queue.finish(new AttemptResult(delivery, Instant.now(), Duration.ofMillis(1),
                    audit ? DeliveryStatus.PROCESSED : DeliveryStatus.RETRYING, audit ? null : "downstream_unavailable",
                    audit ? null : "HTTP 503", audit ? null : clock.instant())).get();
        }
        ClaimedDelivery retry = queue.claim(10, Duration.ofMinutes(5)).get().get(0);
        queue.finish(new AttemptResult(retry, Instant.now(), Duration.ofMillis(1), DeliveryStatus.DEAD,
                "downstream_rejected", "HTTP 400", null)).get();
    }

    private static Map<String, DeliveryStatus> statuses(EventDetail detail) {
        Map<String, DeliveryStatus> statuses = new TreeMap<>();
        detail.deliveries().forEach(delivery -> statuses.put(delivery.route(), delivery.status()));
        return statuses;
    }

    private final SettableClock clock = new SettableClock(Instant.now());

    private static NewEvent event(String key, List<DeliveryTarget> targets) {
        return new NewEvent("gh", "github", key, "pull_request.opened", null, Map.of(), new byte[] {1, 2}, targets);
    }

    @Test
    public void aRoutesHealthCountsItsDeliveriesByStatusAndNamesItsLastFailure() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            String dies = store.append(event("k-dies", TWO_ROUTES)).get().eventId();
            String retries = store.append(event("k-retries", TWO_ROUTES)).get().eventId();
            store.append(event("k-succeeds", TWO_ROUTES)).get();
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            Instant failedFirst = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            for (ClaimedDelivery claimed : queue.claim(10, Duration.ofMinutes(5)).get()) {
                boolean ci = claimed.route().equals("forward-ci");
                if (ci && claimed.eventId().equals(dies)) {
                    queue.finish(new AttemptResult(claimed, failedFirst, Duration.ofMillis(5), DeliveryStatus.DEAD,
                            "downstream_rejected", "HTTP 410 from ci.example", null)).get();
                } else if (ci && claimed.eventId().equals(retries)) {
                    queue.finish(new AttemptResult(claimed, failedFirst.plusSeconds(30), Duration.ofMillis(5),
                            DeliveryStatus.RETRYING, "downstream_unavailable", "Connection refused",
                            Instant.now().plusSeconds(600))).get();
                } else {
                    queue.finish(new AttemptResult(claimed, Instant.now(), Duration.ofMillis(1), DeliveryStatus.PROCESSED,
                            null, null, null)).get();
                }
            }
            store.append(event("k-waits", TWO_ROUTES)).get();

            RouteDeliveries routes = new RouteDeliveries(db);
            RouteDeliveries.Health ci = routes.health("forward-ci");
            assertEquals(List.of(1L, 1L, 1L), List.of(ci.pending(), ci.retrying(), ci.dead()));
            assertEquals(new RouteDeliveries.Failure(failedFirst.plusSeconds(30), "downstream_unavailable",
                    "Connection refused", retries), ci.lastFailure(), "the retrying delivery failed after the dead one");
            RouteDeliveries.Health audit = routes.health("audit");
            assertEquals(List.of(1L, 0L, 0L), List.of(audit.pending(), audit.retrying(), audit.dead()));
            assertNull(audit.lastFailure());
            assertEquals(new RouteDeliveries.Health(0, 0, 0, null), routes.health("no-such-route"));
        }
    }
}
