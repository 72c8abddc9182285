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

/**
 * What reconciliation reads from the events: stored keys, the newest event before a time. The record of
 * runs is the receiver's repository (ReconcileRunsTest there).
 */
public abstract class ReconcileLogContract extends StoreContract {

    protected ReconcileLogContract(EngineUnderTest engine) {
        super(engine);
    }

    /** The record of runs is not read by these tests. */
    private static final ReconcileLog.Runs NO_RUNS = null;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    public void storedKeysAreThoseOfTheSourceOnly() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            store.append(event("gh", "a")).get();
            store.append(event("gh", "b")).get();
            store.append(event("other", "c")).get();

            ReconcileLog log = new ReconcileLog(db, NO_RUNS);
            assertEquals(Set.of("a", "b"), log.storedKeys("gh", List.of("a", "b", "c", "d")));
            assertEquals(Set.of(), log.storedKeys("gh", List.of()));
        }
    }

    @Test
    public void newestEventBeforeATimeIsFoundPerSource() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            ReconcileLog log = new ReconcileLog(db, NO_RUNS);
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

    private static NewEvent event(String source, String key) {
        return new NewEvent(source, "github", key, "push", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                List.of());
    }
}
