package io.hookline.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * One catch-up run of one source, as the receiver hands it to {@link CatchUp#run}: where to start
 * looking, which events the source already holds, the way in for a fetched event, and the run's
 * counts. Used from the run's thread only.
 */
public interface CatchUpRun {

    /** What became of an event handed to {@link #store}. */
    enum Stored {
        /** It was not stored before; it is now, routed like a webhook, and counted recovered. */
        STORED,
        /** The source had it already (it came as a webhook meanwhile); counted neither missing nor recovered. */
        ALREADY_STORED,
        /**
         * It could not be stored: the source's verifier could not identify it, or the store refused
         * it. Counted failed, with the reason in the run's record; the run goes on.
         */
        FAILED
    }

    /**
     * The earliest time this run looks at: the start of the source's last clean run (before the
     * first, the newest event received before the receiver started), less the source's
     * {@code margin}, and never further back than {@link CatchUp#reach()}.
     */
    Instant since();

    /**
     * The run's id ({@code rec_…}): the request id of the events it stores and of its log lines, as a
     * webhook's {@code X-Request-Id} is for the events it brings.
     */
    String runId();

    /**
     * Which of these idempotency keys the source has stored, so a run asks only for what is
     * missing. Reads the store; a few thousand keys at a time is fine.
     */
    Set<String> storedKeys(Collection<String> keys);

    /** Counts events the provider listed as sent since {@link #since()}, stored or not. */
    void checked(int count);

    /**
     * Takes in an event fetched from the provider's API by the same intake as a webhook: identified
     * by this source's {@link SourceVerifier#identify}, routed, stored once (the idempotency table
     * decides, whichever way the event came first), and marked as recovered by catch-up in its
     * stored headers. Counts the event as missing and recovered, or failed.
     *
     * @param body the event's bytes as the provider's API gave them, the bytes a webhook of it would carry
     * @param headers headers to store with it, such as {@code content-type}; none need be given
     * @throws InterruptedException when the receiver is shutting down while the store writes
     */
    Stored store(byte[] body, Map<String, String> headers) throws InterruptedException;

    /**
     * Counts one missing event the provider accepted to send again: it comes back as a webhook, signed,
     * and is verified and deduplicated like any other. Counted as missing and recovered.
     *
     * @param key the event's idempotency key, for the log
     */
    void redeliveryRequested(String key);

    /**
     * Counts one missing event that this run could not recover, and why, in words for the operator
     * (the first few are shown in the run's record). Never include a credential.
     *
     * @param key the event's idempotency key
     * @param why such as "GitHub refused to redeliver delivery 123 (422)"
     */
    void failed(String key, String why);
}
