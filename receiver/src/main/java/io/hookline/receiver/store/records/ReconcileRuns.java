package io.hookline.receiver.store.records;

import io.hookline.store.ReconcileLog;
import io.hookline.store.ReconcileRun;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The record of reconciliation runs, through {@link ReconcileRunRepository} on the store's connections. */
@Singleton
public final class ReconcileRuns implements ReconcileLog.Runs {

    /** Runs kept per source; older ones are deleted as new ones are recorded. */
    public static final int KEPT_PER_SOURCE = 200;

    private final StoreConnections connections;
    private final ReconcileRunRepository repository;

    ReconcileRuns(StoreConnections connections, ReconcileRunRepository repository) {
        this.connections = connections;
        this.repository = repository;
    }

    @Override
    public CompletableFuture<ReconcileRun> record(ReconcileRun run) {
        return connections.write(() -> {
            ReconcileRunRow saved = repository.save(ReconcileRunRow.of(run));
            repository.trim(run.source(), KEPT_PER_SOURCE - 1);
            return saved.run();
        });
    }

    @Override
    public List<ReconcileRun> recent(String source, int limit) {
        return connections.read("list reconciliations of source " + source, () ->
                repository.findBySourceOrderByIdDesc(source, Pageable.from(0, limit)).stream()
                        .map(ReconcileRunRow::run).toList());
    }

    @Override
    public Optional<ReconcileRun> lastClean(String source) {
        return connections.read("find the last clean reconciliation of source " + source, () ->
                repository.findFirstBySourceAndOutcomeOrderByIdDesc(source, ReconcileRun.OK)
                        .map(ReconcileRunRow::run));
    }
}
