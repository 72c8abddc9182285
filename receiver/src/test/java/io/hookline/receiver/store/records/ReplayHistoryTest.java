package io.hookline.receiver.store.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventDetail;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.ReplayChoice;
import io.hookline.store.ReplayRequest;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replays on record, through the Micronaut Data repository on the connection the delivery
 * queue's own write lends (the replay and what it queued are one commit), read back in the event's
 * detail, in the receiver as it starts, on SQLite and on PostgreSQL.
 */
class ReplayHistoryTest {

    /** Routes no receiver configures: its dispatcher finds them gone and their deliveries die at once. */
    private static final List<DeliveryTarget> GONE = List.of(new DeliveryTarget("gone-a", "forward"),
            new DeliveryTarget("gone-b", "forward"));

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eachReplayIsInTheEventsHistoryWithWhatItQueued(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            EventStore store = context.getBean(EventStore.class);
            DeliveryQueue queue = context.getBean(DeliveryQueue.class);
            EventQueries queries = context.getBean(EventQueries.class);
            String id = store.append(new NewEvent("gh", "github", "k1", "push", null, Map.of(),
                    "{}".getBytes(StandardCharsets.UTF_8), GONE)).get().eventId();
            awaitDead(queries, id);
            Instant before = Instant.now();

            ReplayRequest dryRun = new ReplayRequest(ReplayChoice.ALL, ReplayRequest.DASHBOARD, true, null);
            assertEquals(List.of("gone-a", "gone-b"), queue.replay(id, GONE, dryRun).get().routes());
            queue.replay(id, GONE, ReplayRequest.of(ReplayChoice.routes(List.of("gone-a")))).get();
            awaitDead(queries, id);
            ReplayRequest paced = new ReplayRequest(ReplayChoice.FAILED, ReplayRequest.API, false, 5.0);
            long bulk = queue.startReplay(paced).get();
            assertEquals(1, queue.replayAll(bulk, paced, Map.of(id, GONE)).get());

            List<EventDetail.Replay> history = queries.detail(id).orElseThrow().replays();
            assertEquals(List.of("all", "routes", "failed"), history.stream().map(EventDetail.Replay::selection).toList());
            assertEquals(List.of(true, false, false), history.stream().map(EventDetail.Replay::dryRun).toList());
            assertEquals(List.of("dashboard", "api", "api"), history.stream().map(EventDetail.Replay::startedBy).toList());
            assertEquals(List.of(List.of("gone-a", "gone-b"), List.of("gone-a"), List.of("gone-a", "gone-b")),
                    history.stream().map(EventDetail.Replay::routes).toList());
            assertEquals(bulk, history.get(2).id(), "a bulk replay's id is the one it started with");
            assertTrue(history.get(0).id() < history.get(1).id() && history.get(1).id() < bulk, "ids increase: " + history);
            assertEquals(5.0, history.get(2).rate());
            assertEquals(null, history.get(0).rate());
            assertTrue(!history.get(0).startedAt().isBefore(before.minusSeconds(1)), history.get(0).startedAt().toString());

            assertTrue(context.getBean(Database.class).statementsPrepared().stream()
                    .anyMatch(sql -> sql.startsWith("INSERT INTO replays")), "the repository's statements are in the catalogue");
        }
    }

    private static void awaitDead(EventQueries queries, String id) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (queries.detail(id).orElseThrow().summary().status() != DeliveryStatus.DEAD
                || queries.detail(id).orElseThrow().deliveries().stream().anyMatch(d -> d.status() != DeliveryStatus.DEAD)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the event did not go dead: " + queries.detail(id));
            }
            Thread.sleep(20);
        }
    }

    private ApplicationContext start(String engine) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.data-dir", dataDir.toString());
        properties.put("hookline.plugins-dir", dataDir.resolve("plugins").toString());
        properties.put("hookline.dispatch.poll-interval", "50ms");
        if (engine.equals("postgresql")) {
            properties.put("datasources.default.url", TestPostgres.server().newDatabase());
            properties.put("datasources.default.username", "postgres");
        }
        return ApplicationContext.run(properties);
    }
}
