package io.hookline.receiver.reconcile;

import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.ingest.Provenance;
import io.hookline.receiver.logs.LogContext;
import io.hookline.spi.CarriedText;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceVerifier;
import io.hookline.store.ReconcileLog;
import io.hookline.store.Receipt;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a source's catch-up as its plugin sees it: the start point and run id, the store's
 * answers, the {@link Intake} for what the plugin fetched (marked {@link Provenance#RECONCILED},
 * the run id as its request id), and the run's {@link Tally}.
 */
final class SourceCatchUpRun implements CatchUpRun {

    private static final Logger LOG = LoggerFactory.getLogger(SourceCatchUpRun.class);

    private final String source;
    private final String provider;
    private final SourceVerifier verifier;
    private final Instant since;
    private final String runId;
    private final ReconcileLog log;
    private final Intake intake;
    private final long maxBodySize;
    private final Tally tally = new Tally();

    /** @param maxBodySize {@code hookline.max-body-size}: a fetched event is held to a webhook's limit */
    SourceCatchUpRun(String source, String provider, SourceVerifier verifier, Instant since, String runId,
            ReconcileLog log, Intake intake, long maxBodySize) {
        this.maxBodySize = maxBodySize;
        this.source = source;
        this.provider = provider;
        this.verifier = verifier;
        this.since = since;
        this.runId = runId;
        this.log = log;
        this.intake = intake;
    }

    Tally tally() {
        return tally;
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Set<String> storedKeys(Collection<String> keys) {
        return log.storedKeys(source, keys);
    }

    @Override
    public void checked(int count) {
        tally.countChecked(count);
    }

    @Override
    public Stored store(byte[] body, Map<String, String> headers) throws InterruptedException {
        tally.countMissing();
        if (body.length > maxBodySize) {
            // A webhook this large is answered 413; fetched through the API it is no smaller for handlers.
            tally.countFailed("a fetched event of " + body.length + " bytes is larger than the limit of " + maxBodySize
                    + " bytes (hookline.max-body-size) and was not stored");
            return Stored.FAILED;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> kept.put(name.toLowerCase(Locale.ROOT), value));
        }
        kept.put(Provenance.HEADER, Provenance.RECONCILED);
        Map<String, List<String>> asRequest = new LinkedHashMap<>();
        kept.forEach((name, value) -> asRequest.put(name, List.of(value)));
        Intake.Taken taken;
        try {
            taken = intake.take(source, provider, verifier, new InboundRequest(source, asRequest, Map.of(), body), kept,
                    body, runId);
        } catch (InvalidPayloadException e) {
            tally.countFailed("a fetched event is not one the " + provider + " provider can identify: " + e.getMessage());
            return Stored.FAILED;
        }
        String key = CarriedText.encode(taken.identity().key());
        try {
            Receipt receipt = taken.receipt().get();
            if (receipt.duplicate()) {
                tally.notMissingAfterAll();
                return Stored.ALREADY_STORED;
            }
            tally.countRecovered();
            try (LogContext ignored = LogContext.of(source, runId, receipt.eventId())) {
                LOG.info("Source {}: recovered event {} ({}, key {}) from {}'s API", source, receipt.eventId(),
                        CarriedText.encode(taken.identity().type()), key, provider);
            }
            return Stored.STORED;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            tally.countFailed("event " + key + " could not be stored: " + cause.getMessage());
            return Stored.FAILED;
        }
    }

    @Override
    public void redeliveryRequested(String key) {
        tally.countMissing();
        tally.countRecovered();
    }

    @Override
    public void failed(String key, String why) {
        tally.countMissing();
        tally.countFailed(why);
    }
}
