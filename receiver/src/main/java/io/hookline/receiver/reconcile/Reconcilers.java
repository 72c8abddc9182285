package io.hookline.receiver.reconcile;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.Reports;
import io.hookline.store.ReconcileLog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The runs of the sources with a {@code reconcile} block ({@link CatchUps}): one as soon as the
 * server listens, then one every {@code interval}, on one thread of their own so that webhooks
 * never wait for them.
 */
@Context
public class Reconcilers implements ApplicationEventListener<ServerStartupEvent> {

    private final Map<String, SourceReconciliation> bySource;
    private final ScheduledExecutorService runs = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hookline-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    public Reconcilers(CatchUps catchUps, Intake intake, HooklineConfig config, ReconcileLog log, Reports reports,
            OperationalEvents operational, Metrics metrics) {
        Instant processStart = Instant.now();
        Clock clock = Clock.systemUTC();
        Map<String, SourceReconciliation> built = new TreeMap<>();
        catchUps.bySource().forEach((name, bound) -> built.put(name, new SourceReconciliation(name, bound.provider(),
                bound.catchUp(), bound.verifier(), bound.interval(), bound.margin(), processStart, log, intake, config.getMaxBodySize(), reports,
                operational, metrics, clock)));
        this.bySource = Map.copyOf(built);
    }

    /** The named source's reconciliation, if it has a {@code reconcile} block. */
    public Optional<SourceReconciliation> find(String source) {
        return Optional.ofNullable(bySource.get(source));
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        bySource.values().forEach(source -> {
            runs.execute(() -> source.runOnSchedule("start"));
            long every = source.interval().toMillis();
            runs.scheduleWithFixedDelay(() -> source.runOnSchedule("interval"), every, every, TimeUnit.MILLISECONDS);
        });
    }

    @PreDestroy
    void stop() {
        runs.shutdownNow();
    }
}
