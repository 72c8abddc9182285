package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What reconciliation reads and writes: stored keys, the newest event before a time, the record of runs. */
public abstract class ReconcileLogContract extends StoreContract {

    protected ReconcileLogContract(EngineUnderTest engine) {
        super(engine);
    }

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    public void storedKeysAreThoseOfTheSourceOnly() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            store.append(event("gh", "a")).get();
            store.append(event("gh", "b")).get();
            store.append(event("other", "c")).get();

            ReconcileLog log = new ReconcileLog(db);
            assertEquals(Set.of("a", "b"), log.storedKeys("gh", List.of("a", "b", "c", "d")));
            assertEquals(Set.of(), log.storedKeys("gh", List.of()));
        }
    }

    @Test
    public void newestEventBeforeATimeIsFoundPerSource() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            ReconcileLog log = new ReconcileLog(db);
            assertEquals(Optional.empty(), log.newestReceivedBefore("gh", clock.instant()));

            Instant first = clock.instant();
            store.append(event("gh", "first")).get();
            clock.advance(Duration.ofMinutes(5));
            Instant second = clock.instant();
            store.append(event("gh", "second")).get();
            clock.advance(Duration.ofMinutes(5));
            store.append(event("other", "later")).get();

            assertEquals(Optional.of(second), log.newestReceivedBefore("gh", clock.instant()));
            assertEquals(Optional.of(first), log.newestReceivedBefore("gh", second));
            assertEquals(Optional.empty(), log.newestReceivedBefore("gh", first));
        }
    }

    @Test
    public void runsAreListedNewestFirstTheLastCleanOneIsFoundAndOnlyTheNewestAreKept() throws Exception {
        try (Database db = open(clock)) {
            ReconcileLog log = new ReconcileLog(db);
            assertEquals(Optional.empty(), log.lastClean("gh"));
            log.record(run("gh", ReconcileRun.OK, null)).get();
            clock.advance(Duration.ofMinutes(10));
            log.record(run("gh", ReconcileRun.FAILED, "GitHub answered 401: the token is not valid")).get();
            log.record(run("other", ReconcileRun.OK, null)).get();

            List<ReconcileRun> runs = log.recent("gh", 10);
            assertEquals(List.of(ReconcileRun.FAILED, ReconcileRun.OK), runs.stream().map(ReconcileRun::outcome).toList());
            ReconcileRun failed = runs.get(0);
            assertEquals("GitHub answered 401: the token is not valid", failed.message());
            assertEquals(new ReconcileRun(failed.id(), "gh", "github", "interval", clock.instant(),
                    clock.instant().plusSeconds(2), clock.instant().minus(Duration.ofHours(1)), 7, 3, 2, 1,
                    ReconcileRun.FAILED, failed.message()), failed, "every field comes back as recorded");
            assertEquals(runs.get(1).id(), log.lastClean("gh").orElseThrow().id());

            for (int i = 0; i < ReconcileLog.KEPT_PER_SOURCE + 5; i++) {
                log.record(run("gh", ReconcileRun.OK, null)).get();
            }
            assertEquals(ReconcileLog.KEPT_PER_SOURCE, count("SELECT count(*) FROM reconciliations WHERE source = ?", "gh"));
            assertEquals(1, count("SELECT count(*) FROM reconciliations WHERE source = ?", "other"));
            assertEquals(ReconcileLog.KEPT_PER_SOURCE, log.recent("gh", 500).size());
        }
    }

    private ReconcileRun run(String source, String outcome, String message) {
        return new ReconcileRun(0, source, "github", "interval", clock.instant(), clock.instant().plusSeconds(2),
                clock.instant().minus(Duration.ofHours(1)), 7, 3, 2, 1, outcome, message);
    }

    private static NewEvent event(String source, String key) {
        return new NewEvent(source, "github", key, "push", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                List.of());
    }
}
