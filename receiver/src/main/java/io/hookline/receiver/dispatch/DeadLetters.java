package io.hookline.receiver.dispatch;

import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.sentry.Reports;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.EventDetail;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells on-call when a delivery goes dead: a log line, a {@code hookline:delivery.dead} event and a Sentry error with the plugin, the
 * earlier attempts as breadcrumbs and the event id as context; no Sentry error for a class that is
 * nobody's failure (a cancelled subscription's delivery).
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Reports reports;
    private final EventStore store;
    private final EventQueries queries;
    private final LoadedPlugins plugins;
    private final OperationalEvents operational;

    public DeadLetters(Reports reports, EventStore store, EventQueries queries, LoadedPlugins plugins,
            OperationalEvents operational) {
        this.operational = operational;
        this.reports = reports;
        this.store = store;
        this.queries = queries;
        this.plugins = plugins;
    }

    void report(ClaimedDelivery delivery, AttemptRunner.Outcome outcome) {
        LOG.warn("Event {} is dead for route {} after attempt {}: {}: {}", delivery.eventId(), delivery.route(),
                delivery.attempt(), outcome.result().errorClass(), outcome.result().message());
        if (outcome.failure() != null && outcome.failure().errorClass().sentryLevel() == null) {
            return;
        }
        store.find(delivery.eventId()).ifPresent(event -> {
            operational.deliveryDead(event, outcome.result());
            List<String> earlier = queries.detail(delivery.eventId()).map(EventDetail::attempts).orElse(List.of())
                    .stream()
                    .filter(attempt -> attempt.route().equals(delivery.route()) && attempt.number() < delivery.attempt())
                    .map(attempt -> "attempt " + attempt.number() + " " + attempt.outcome() + ": " + attempt.errorClass()
                            + ": " + attempt.message())
                    .toList();
            LoadedPlugins.Origin origin = plugins.originOfHandler(delivery.handler());
            reports.deliveryDead(event, outcome.result(), outcome.failure(), origin.name(), origin.version(), earlier);
        });
    }
}
