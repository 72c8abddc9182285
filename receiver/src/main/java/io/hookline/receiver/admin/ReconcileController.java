package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.reconcile.Reconcilers;
import io.hookline.receiver.reconcile.SourceReconciliation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;

/**
 * The sources and their reconciliation with the providers' APIs, behind the admin token: list the
 * sources with their last run, run one now, read a source's runs.
 */
@Controller("/admin/sources")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReconcileController {

    private static final int MAX_LIMIT = 200;

    private final Sources sources;
    private final Reconcilers reconcilers;

    public ReconcileController(Sources sources, Reconcilers reconcilers) {
        this.sources = sources;
        this.reconcilers = reconcilers;
    }

    @Get
    public AdminViews.SourceList list() {
        List<AdminViews.SourceEntry> entries = new ArrayList<>();
        sources.describe().forEach((name, provider) -> entries.add(reconcilers.find(name)
                .map(reconciliation -> new AdminViews.SourceEntry(name, provider, true,
                        reconciliation.interval().toSeconds(),
                        reconciliation.history(1).stream().findFirst().map(AdminViews.Reconciliation::of).orElse(null)))
                .orElse(new AdminViews.SourceEntry(name, provider, false, null, null))));
        return new AdminViews.SourceList(entries);
    }

    /** Runs the source's reconciliation now (after one in progress) and answers what it found. */
    @Post("/{name}/reconcile")
    public AdminViews.Reconciliation reconcile(@PathVariable String name) {
        return AdminViews.Reconciliation.of(reconciliation(name).run("manual"));
    }

    @Get("/{name}/reconciliations")
    public AdminViews.Reconciliations reconciliations(@PathVariable String name,
            @Nullable @QueryValue Integer limit) {
        int size = QueryParameters.limit(limit, 20, MAX_LIMIT);
        return new AdminViews.Reconciliations(reconciliation(name).history(size).stream()
                .map(AdminViews.Reconciliation::of).toList());
    }

    private SourceReconciliation reconciliation(String name) {
        if (!sources.describe().containsKey(name)) {
            throw new WebhookException(ErrorClass.SOURCE_NOT_FOUND, "no source named '" + name + "' is configured");
        }
        return reconcilers.find(name).orElseThrow(() -> new WebhookException(ErrorClass.RECONCILE_OFF, "source '" + name
                + "' does not reconcile: give it a reconcile block (docs/providers.md)"));
    }
}
