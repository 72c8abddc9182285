package io.hookline.receiver.store.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.ReconcileLog;
import io.hookline.store.ReconcileRun;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record of reconciliation runs, through the Micronaut Data repository on the store's own
 * connections, in the receiver as it starts, on SQLite and on PostgreSQL.
 */
class ReconcileRunsTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void runsAreListedNewestFirstTheLastCleanOneIsFoundAndOnlyTheNewestAreKept(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            ReconcileLog log = context.getBean(ReconcileLog.class);
            assertEquals(Optional.empty(), log.lastClean("gh"));
            log.record(run("gh", AT, ReconcileRun.OK, null)).get();
            Instant later = AT.plus(Duration.ofMinutes(10));
            log.record(run("gh", later, ReconcileRun.FAILED, "GitHub answered 401: the token is not valid")).get();
            log.record(run("other", later, ReconcileRun.OK, null)).get();

            List<ReconcileRun> runs = log.recent("gh", 10);
            assertEquals(List.of(ReconcileRun.FAILED, ReconcileRun.OK), runs.stream().map(ReconcileRun::outcome).toList());
            ReconcileRun failed = runs.get(0);
            assertEquals(new ReconcileRun(failed.id(), "gh", "github", "interval", later, later.plusSeconds(2),
                    later.minus(Duration.ofHours(1)), 7, 3, 2, 1, ReconcileRun.FAILED,
                    "GitHub answered 401: the token is not valid"), failed, "every field comes back as recorded");
            assertTrue(failed.id() > runs.get(1).id(), "ids increase: " + runs);
            assertEquals(runs.get(1).id(), log.lastClean("gh").orElseThrow().id());
            assertEquals(1, log.recent("gh", 1).size());

            for (int i = 0; i < ReconcileRuns.KEPT_PER_SOURCE + 5; i++) {
                log.record(run("gh", later, ReconcileRun.OK, null)).get();
            }
            assertEquals(ReconcileRuns.KEPT_PER_SOURCE, count(context, "gh"));
            assertEquals(1, count(context, "other"));
            assertEquals(ReconcileRuns.KEPT_PER_SOURCE, log.recent("gh", 500).size());
        }
    }

    /**
     * SQLite takes one writer at a time. The runs are written by the store's one writer, in its
     * commits, so many of them recorded while webhooks are appended neither wait for a lock nor fail
     * with SQLITE_BUSY; and the repository has no connection of its own to write beside it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void runsRecordedUnderLoadShareTheWritersCommitsAndNothingIsRefused(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            ReconcileLog log = context.getBean(ReconcileLog.class);
            EventStore events = context.getBean(EventStore.class);
            Database database = context.getBean(Database.class);
            List<CompletableFuture<?>> writes = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String source = "load-" + t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        synchronized (writes) {
                            writes.add(events.append(event(source + "-" + i)));
                            writes.add(log.record(run(source, AT, ReconcileRun.OK, null)));
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
            assertEquals(0, database.refusedWrites(), "no write was refused");
            assertTrue(database.statementsPrepared().stream().anyMatch(sql -> sql.startsWith("INSERT INTO reconciliations")),
                    "the repository's statements are in the store's catalogue, whose query plans are tested: "
                            + database.statementsPrepared());
            for (int t = 0; t < 8; t++) {
                assertEquals(150, count(context, "load-" + t));
            }

            ReconcileRunRepository repository = context.getBean(ReconcileRunRepository.class);
            RuntimeException outside = assertThrows(RuntimeException.class,
                    () -> repository.save(ReconcileRunRow.of(run("gh", AT, ReconcileRun.OK, null))));
            assertTrue(outside.getCause().getMessage().contains("it has no connection"), outside.toString());
        }
    }

    private ApplicationContext start(String engine) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.data-dir", dataDir.toString());
        properties.put("hookline.plugins-dir", dataDir.resolve("plugins").toString());
        if (engine.equals("postgresql")) {
            properties.put("datasources.default.url", TestPostgres.server().newDatabase());
            properties.put("datasources.default.username", "postgres");
        }
        return ApplicationContext.run(properties);
    }

    private static long count(ApplicationContext context, String source) {
        ReconcileRunRepository repository = context.getBean(ReconcileRunRepository.class);
        return context.getBean(StoreConnections.class).read("count runs", () -> repository.countBySource(source));
    }

    private static ReconcileRun run(String source, Instant at, String outcome, String message) {
        return new ReconcileRun(0, source, "github", "interval", at, at.plusSeconds(2), at.minus(Duration.ofHours(1)),
                7, 3, 2, 1, outcome, message);
    }

    private static NewEvent event(String key) {
        return new NewEvent("gh", "github", key, "push", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                List.of());
    }
}
