package io.hookline.receiver.store.records;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code replays}: its start in epoch milliseconds, the dry-run flag as 0 or 1. Names not quoted (see {@link ReconcileRunRow}). */
@MappedEntity(value = "replays", escape = false)
record ReplayRow(@Id @GeneratedValue @Nullable Long id, long startedAt, String startedBy, String selection, int dryRun,
        @Nullable Double rate) {}
