package io.hookline.receiver.reconcile;

import java.time.Duration;
import java.time.Instant;

/** One provider's way to find what a source missed since a time, and to repair it. */
interface ProviderReconciler {

    /**
     * Looks at what the provider sent or has since {@code since}, repairs what the source has not
     * stored, and counts it all in {@code tally}.
     *
     * @param runId the run's id ({@code rec_…}): the request id of the events it stores, and of its log lines
     * @throws ApiFailure when the provider's API cannot be used; what was counted stays counted
     */
    void run(Instant since, String runId, Tally tally) throws ApiFailure, InterruptedException;

    /** How far back the provider keeps what can be repaired. */
    Duration reach();
}
