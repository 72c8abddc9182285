package io.hookline.spi;

import java.time.Duration;

/**
 * A source's way to catch up after downtime: ask the provider's API what it sent, and recover what
 * the source never stored. Offered by a bound source through {@link SourceVerifier#catchUp}; a
 * provider whose API cannot list what it sent offers none, and a {@code reconcile} block on its
 * sources stops the receiver at start, naming the key.
 *
 * <p>The receiver schedules the runs (one as soon as the server listens, then one every
 * {@code hookline.sources.<name>.reconcile.interval}, and on {@code POST /admin/sources/<name>/reconcile}),
 * records each in the run log, counts it in the metrics and reports a failed one to Sentry. The
 * plugin only knows its provider.
 *
 * <p>The receiver promises: {@link #run} is called on the receiver's catch-up thread
 * ({@code hookline-reconciler}) or on the admin request that asked for it, never twice at once for
 * one source, with the plugin's own class loader as the context class loader. It may block on the
 * provider's API for as long as that takes (bound each call's time yourself), and must stop
 * promptly, with {@link InterruptedException}, when the thread is interrupted: the receiver is
 * shutting down.
 */
public interface CatchUp {

    /**
     * How far back the provider keeps what can be recovered, such as 30 days for Stripe's event
     * list. A run never looks further back than this, however long the receiver was down.
     */
    Duration reach();

    /**
     * Looks at what the provider sent since {@link CatchUpRun#since()} and recovers each event the
     * source has not stored: by {@link CatchUpRun#store fetching it} into the receiver, or by asking
     * the provider to send it again ({@link CatchUpRun#redeliveryRequested}). Counts go through
     * {@code run}; what was counted stays counted when the run stops half way.
     *
     * @param run the run's start point, its id, the store's answers and its counts
     * @throws CatchUpException when the provider's API cannot be used (credentials refused, rate
     *     limited, not reachable, an answer not as documented): the run is recorded as failed with
     *     the exception's cause and message, so the message must name the call and never a credential
     * @throws InterruptedException when the receiver is shutting down
     * @throws RuntimeException never on purpose: the receiver records such a run as failed with
     *     cause {@code plugin_failed} and the exception in its message, and reports it to Sentry
     */
    void run(CatchUpRun run) throws CatchUpException, InterruptedException;
}
