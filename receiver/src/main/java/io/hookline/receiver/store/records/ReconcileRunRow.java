package io.hookline.receiver.store.records;

import io.hookline.store.ReconcileRun;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code reconciliations}, times in epoch milliseconds as the migrations store them.
 * Names are not quoted: the dialect Micronaut Data builds these queries for (H2) quotes with
 * backticks, which PostgreSQL does not read.
 */
@MappedEntity(value = "reconciliations", escape = false)
record ReconcileRunRow(@Id @GeneratedValue @Nullable Long id, String source, String provider, String trigger,
        long startedAt, long finishedAt, long since, int checked, int missing, int recovered, int failed,
        String outcome, @Nullable String message) {

    static ReconcileRunRow of(ReconcileRun run) {
        return new ReconcileRunRow(null, run.source(), run.provider(), run.trigger(), run.startedAt().toEpochMilli(),
                run.finishedAt().toEpochMilli(), run.since().toEpochMilli(), run.checked(), run.missing(),
                run.recovered(), run.failed(), run.outcome(), run.message());
    }

    ReconcileRun run() {
        return new ReconcileRun(id, source, provider, trigger, Instant.ofEpochMilli(startedAt),
                Instant.ofEpochMilli(finishedAt), Instant.ofEpochMilli(since), checked, missing, recovered, failed,
                outcome, message);
    }
}
