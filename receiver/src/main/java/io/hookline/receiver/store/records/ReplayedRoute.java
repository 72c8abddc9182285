package io.hookline.receiver.store.records;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** One route an event's replay queued again, with its replay: a row of the history's join. */
@Introspected
record ReplayedRoute(long id, long startedAt, String startedBy, String selection, int dryRun, @Nullable Double rate,
        String route) {}
