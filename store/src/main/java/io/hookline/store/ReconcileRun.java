package io.hookline.store;

import java.time.Instant;

/**
 * One finished reconciliation run of a source against its provider's API.
 *
 * @param id the run's id, increasing; 0 for a run not yet recorded
 * @param source the source reconciled
 * @param provider its provider
 * @param trigger what started it: {@code start}, {@code interval} or {@code manual}
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param since the oldest time it looked back to
 * @param checked the deliveries or events it looked at
 * @param missing those not stored
 * @param recovered the missing ones it repaired: redelivery accepted, or event stored
 * @param failed the missing ones it could not repair
 * @param outcome {@code ok} (nothing failed), {@code partial} (it ran, some repairs failed) or
 *     {@code failed} (it stopped: credentials, rate limit, an unreachable API)
 * @param message why it stopped or what failed, in words; null for a clean run
 */
public record ReconcileRun(long id, String source, String provider, String trigger, Instant startedAt,
        Instant finishedAt, Instant since, int checked, int missing, int recovered, int failed, String outcome,
        String message) {

    /** The outcome of a run in which nothing failed; the next run looks back from its start. */
    public static final String OK = "ok";
    /** The outcome of a run that went through but could not repair everything it found. */
    public static final String PARTIAL = "partial";
    /** The outcome of a run that stopped before it was through. */
    public static final String FAILED = "failed";
}
