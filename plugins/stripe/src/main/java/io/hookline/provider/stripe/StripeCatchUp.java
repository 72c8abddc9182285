package io.hookline.receiver.reconcile;

import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.ingest.Provenance;
import io.hookline.receiver.logs.LogContext;
import io.hookline.spi.CarriedText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceVerifier;
import io.hookline.store.ReconcileLog;
import io.hookline.store.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe retries a failed webhook for three days and then stops; its API lists every event of the
 * last 30 days. A run lists the events created since its start point and stores each one the
 * source has not: keyed, typed and dated by the source's provider as a webhook would be, routed
 * like one, marked {@link Provenance#RECONCILED} in a stored header. The idempotency table
 * decides, as for webhooks, so an event is never stored twice, whichever way it came first.
 */
final class StripeReconciler implements ProviderReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(StripeReconciler.class);

    /** How far back Stripe lists events (docs: "going back up to 30 days"). */
    static final Duration REACH = Duration.ofDays(30);

    private final String source;
    private final String provider;
    private final StripeEvents api;
    private final SourceVerifier verifier;
    private final ReconcileLog log;
    private final Intake intake;

    StripeReconciler(String source, String provider, StripeEvents api, SourceVerifier verifier, ReconcileLog log,
            Intake intake) {
        this.source = source;
        this.provider = provider;
        this.api = api;
        this.verifier = verifier;
        this.log = log;
        this.intake = intake;
    }

    @Override
    public Duration reach() {
        return REACH;
    }

    @Override
    public void run(Instant since, String runId, Tally tally) throws ApiFailure, InterruptedException {
        String after = null;
        boolean more = true;
        while (more) {
            StripeEvents.Page page = api.page(since, after);
            List<StripeEvents.Fetched> events = page.events();
            tally.countChecked(events.size());
            List<String> ids = events.stream().map(StripeEvents.Fetched::id).toList();
            Set<String> stored = log.storedKeys(source, ids);
            // Each page comes newest first; stored oldest first, so a page's events keep their order.
            List<StripeEvents.Fetched> oldestFirst = new ArrayList<>(events);
            Collections.reverse(oldestFirst);
            for (StripeEvents.Fetched event : oldestFirst) {
                if (!stored.contains(event.id())) {
                    tally.countMissing();
                    store(event, runId, tally);
                }
            }
            more = page.hasMore() && !events.isEmpty();
            after = events.isEmpty() ? null : events.get(events.size() - 1).id();
        }
    }

    private void store(StripeEvents.Fetched event, String runId, Tally tally) throws InterruptedException {
        Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"));
        EventIdentity identity;
        try {
            identity = verifier.identify(new InboundRequest(source, headers, Map.of(), event.body()));
        } catch (InvalidPayloadException e) {
            tally.countFailed("event " + event.id() + " is not a Stripe event: " + e.getMessage());
            return;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("content-type", "application/json");
        kept.put(Provenance.HEADER, Provenance.RECONCILED);
        try {
            Receipt receipt = intake.append(source, provider, identity, kept, event.body(), runId).get();
            if (receipt.duplicate()) {
                tally.notMissingAfterAll();
                return;
            }
            tally.countRecovered();
            try (LogContext ignored = LogContext.of(source, runId, receipt.eventId())) {
                LOG.info("Source {}: recovered event {} ({}, key {}) from {}'s API", source, receipt.eventId(),
                        CarriedText.encode(identity.type()), CarriedText.encode(identity.key()), provider);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            tally.countFailed("event " + event.id() + " could not be stored: " + cause.getMessage());
        }
    }
}
