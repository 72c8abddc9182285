package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing as the admin API does: bounded work per call, every match found by following cursors. */
public abstract class EventListContract extends StoreContract {

    protected EventListContract(EngineUnderTest engine) {
        super(engine);
    }

    private final SettableClock clock = new SettableClock(Instant.parse("2026-10-01T00:00:00Z"));

    @Test
    public void aRareTypeBehindManyOthersIsFoundByFollowingTheCursor() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            String rare = store.append(event("gh", "rare", "issues.opened")).get().eventId();
            clock.advance(Duration.ofMillis(1));
            List<CompletableFuture<Receipt>> pushes = new ArrayList<>();
            for (int i = 0; i < EventListQuery.WINDOW + 200; i++) {
                pushes.add(store.append(event("gh", "push-" + i, "push")));
            }
            CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).get();
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());

            EventFilter issues = new EventFilter(null, null, "issues.*", null, null);
            EventPage first = queries.list(issues, null, 10);
            assertEquals(List.of(), first.events(), "the first window holds only pushes");
            assertNotNull(first.nextCursor(), "a short page says where to go on");
            EventPage second = queries.list(issues, first.nextCursor(), 10);
            assertEquals(List.of(rare), second.events().stream().map(EventSummary::id).toList());
            assertNull(second.nextCursor());

            EventPage pushPage = queries.list(new EventFilter(DeliveryStatus.PROCESSED, "gh", "push", null, null), null, 3);
            assertEquals(3, pushPage.events().size(), "a common match fills the page from the first window");
        }
    }

    @Test
    public void anEventIsFoundByItsSendersKeyAndFiltersApplyToIt() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            String first = store.append(event("gh", "delivery-1", "pull_request.opened")).get().eventId();
            assertEquals(first, store.append(event("gh", "delivery-1", "pull_request.opened")).get().eventId(),
                    "the repeat is a duplicate of the first");
            store.append(event("other", "delivery-2", "push")).get();
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());

            EventSummary found = queries.byKey("gh", "delivery-1").orElseThrow();
            assertEquals(first, found.id());
            assertEquals(Optional.empty(), queries.byKey("other", "delivery-1"), "keys are per source");
            assertEquals(Optional.empty(), queries.byKey("gh", "never-sent"));

            assertTrue(new EventFilter(null, "gh", "pull_request.*", null, null).matches(found));
            assertTrue(new EventFilter(DeliveryStatus.PROCESSED, null, "*", clock.instant().minusSeconds(1), null)
                    .matches(found));
            assertFalse(new EventFilter(null, null, "pull_request", null, null).matches(found), "a type is whole");
            assertFalse(new EventFilter(DeliveryStatus.DEAD, null, null, null, null).matches(found));
            assertFalse(new EventFilter(null, null, null, null, found.receivedAt()).matches(found), "before is exclusive");

            store.append(event("gh", "delivery-3", "issues.opened\nx")).get();
            EventSummary odd = queries.byKey("gh", "delivery-3").orElseThrow();
            assertTrue(new EventFilter(null, null, "issues.*", null, null).matches(odd), "* matches a line break too");
            assertEquals(List.of(odd.id()), queries.list(new EventFilter(null, null, "issues.*", null, null), null, 10)
                    .events().stream().map(EventSummary::id).toList(), "and so does the database's glob");
        }
    }

    @Test
    public void timeFiltersSelectByTimeOfReceipt() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            List<String> days = new ArrayList<>();
            for (int day = 0; day < 5; day++) {
                days.add(store.append(event("gh", "day-" + day, "push")).get().eventId());
                clock.advance(Duration.ofDays(1));
            }
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            EventFilter middle = new EventFilter(null, "gh", null, Instant.parse("2026-10-02T00:00:00Z"),
                    Instant.parse("2026-10-04T00:00:00Z"));
            assertEquals(List.of(days.get(2), days.get(1)),
                    queries.list(middle, null, 10).events().stream().map(EventSummary::id).toList());
            EventFilter since = new EventFilter(DeliveryStatus.PROCESSED, null, "pu*", Instant.parse("2026-10-04T00:00:00Z"), null);
            assertEquals(List.of(days.get(4), days.get(3)),
                    queries.list(since, null, 10).events().stream().map(EventSummary::id).toList());
        }
    }

    @Test
    public void firstIdAtATimeSortsBetweenTheIdsBeforeAndAfterIt() {
        long at = Instant.parse("2026-10-01T12:00:00Z").toEpochMilli();
        String boundary = EventIds.firstAt(at);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(EventIds.next(at - 1).compareTo(boundary) < 0);
            assertTrue(EventIds.next(at).compareTo(boundary) >= 0);
            assertTrue(EventIds.next(at).compareTo(EventIds.AFTER_EVERY_ID) < 0);
            assertTrue(EventIds.next(0).compareTo(EventIds.BEFORE_EVERY_ID) > 0);
        }
    }

    private static NewEvent event(String source, String key, String type) {
        return new NewEvent(source, "github", key, type, null, Map.of(), new byte[] {1}, List.of());
    }
}
