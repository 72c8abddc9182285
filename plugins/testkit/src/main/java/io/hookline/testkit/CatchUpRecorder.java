package io.hookline.testkit;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A catch-up run without a receiver: hand it to {@link CatchUp#run} and then read what the run did.
 * It answers as the receiver's run does: {@link #store} identifies the body and headers with the
 * source's own {@link SourceVerifier#identify} (as the receiver does with a webhook), answers
 * {@link CatchUpRun.Stored#ALREADY_STORED} for a key the source holds, keeps the rest as stored
 * events, and counts as the receiver's run log does (missing, recovered, failed). Keys the source
 * had before the run are given with {@link #alreadyStored}.
 *
 * <pre>{@code
 * SourceVerifier source = ProviderRun.bind(new AcmeProvider(), List.of("s3cret"), Map.of());
 * CatchUp catchUp = source.catchUp(CatchUpRecorder.settings("acme", Map.of("api-url", api, "token", "t"))).orElseThrow();
 * CatchUpRecorder run = new CatchUpRecorder(source, Instant.parse("2026-01-01T00:00:00Z")).alreadyStored("ev_1");
 * catchUp.run(run);
 * assertEquals(List.of("ev_2"), run.keysStored());
 * assertEquals(1, run.recovered());
 * }</pre>
 *
 * <p>Like the receiver's run, it is used from one thread: the one that calls {@link CatchUp#run}.
 */
public final class CatchUpRecorder implements CatchUpRun {

    /** The run id the catch-up sees, as the receiver's {@code rec_…} ids look. */
    public static final String RUN_ID = "rec_testkit";

    /**
     * A missing event the run could not recover.
     *
     * @param key its idempotency key ({@code (not identified)} when the source could not identify a fetched body)
     * @param why the reason, as the run log would show it
     */
    public record Failure(String key, String why) {}

    private final SourceVerifier source;
    private final Instant since;
    private final Set<String> held = new HashSet<>();
    private final List<StoredEvent> stored = new ArrayList<>();
    private final List<String> redeliveries = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private int checked;
    private int missing;
    private int recovered;

    /**
     * @param source the source's verifier, as {@link ProviderRun#bind} gives it: identifies what is stored
     * @param since what {@link #since()} answers: where the run starts looking
     */
    public CatchUpRecorder(SourceVerifier source, Instant since) {
        this.source = source;
        this.since = since;
    }

    /** A source's {@code reconcile} block as {@link SourceVerifier#catchUp} gets it (source {@link ProviderRun#SOURCE}). */
    public static CatchUpSettings settings(String provider, Map<String, String> settings) {
        return new CatchUpSettings(ProviderRun.SOURCE, provider, settings);
    }

    /** Idempotency keys the source holds before the run (delivered as webhooks), so the run must skip them. */
    public CatchUpRecorder alreadyStored(String... keys) {
        held.addAll(List.of(keys));
        return this;
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public String runId() {
        return RUN_ID;
    }

    @Override
    public Set<String> storedKeys(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        for (String key : keys) {
            if (held.contains(key)) {
                found.add(key);
            }
        }
        return found;
    }

    @Override
    public void checked(int count) {
        checked += count;
    }

    /**
     * Identifies the body and headers (header names lower-cased, as the receiver stores them) with
     * the source's verifier, as the receiver does; headers may be empty or null. An
     * {@link InvalidPayloadException} is a {@link CatchUpRun.Stored#FAILED} store with its message as
     * the reason.
     */
    @Override
    public Stored store(byte[] body, Map<String, String> headers) {
        Map<String, String> given = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> given.put(name.toLowerCase(Locale.ROOT), value));
        }
        EventIdentity identity;
        try {
            identity = source.identify(InboundRequest.of(ProviderRun.SOURCE, given, body));
        } catch (InvalidPayloadException e) {
            failed("(not identified)", "the source could not identify a fetched event: " + e.getMessage());
            return Stored.FAILED;
        }
        if (!held.add(identity.key())) {
            return Stored.ALREADY_STORED;
        }
        missing++;
        recovered++;
        stored.add(new StoredEvent("evt_testkit_" + (stored.size() + 1), ProviderRun.SOURCE, "test",
                identity.type(), identity.key(), Instant.now(), identity.occurredAt(), Map.copyOf(given), body.clone(),
                RUN_ID));
        return Stored.STORED;
    }

    @Override
    public void redeliveryRequested(String key) {
        missing++;
        recovered++;
        redeliveries.add(key);
    }

    @Override
    public void failed(String key, String why) {
        missing++;
        failures.add(new Failure(key, why));
    }

    /**
     * The events {@link #store} took in, in order, as the receiver would store them: source
     * {@link ProviderRun#SOURCE}, provider {@code test}, the identified key, type and time, the headers
     * and body as given, request id {@link #RUN_ID}. Hand one to {@link HandlerRun} to see a handler run on it.
     */
    public List<StoredEvent> stored() {
        return List.copyOf(stored);
    }

    /** The idempotency keys of {@link #stored()}, in order. */
    public List<String> keysStored() {
        return stored.stream().map(StoredEvent::key).toList();
    }

    /** The keys the run asked the provider to send again, in order. */
    public List<String> redeliveriesRequested() {
        return List.copyOf(redeliveries);
    }

    /** The missing events the run could not recover, in order. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** What the run reported with {@link #checked(int)}: the events the provider listed. */
    public int checked() {
        return checked;
    }

    /** Events the source did not hold: recovered or failed. */
    public int missing() {
        return missing;
    }

    /** Missing events stored or asked for again. */
    public int recovered() {
        return recovered;
    }

    /** Missing events not recovered. */
    public int failed() {
        return failures.size();
    }
}
