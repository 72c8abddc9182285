package io.hookline.receiver.dispatch;

import io.hookline.store.ClaimedDelivery;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries on one thread and hands them to the {@link DispatchWorkers}: under a lease
 * longer than any attempt may take, a round at a time so that one round waits behind the running
 * attempts, and of each route no more than it may run at once. It wakes when this process stores
 * work, when another instance on the same PostgreSQL does (LISTEN/NOTIFY), and every poll interval
 * for retries coming due. Before its first claim it releases the claims this instance held when it
 * stopped, so its unfinished work is done now.
 */
@Singleton
class DeliveryClaimer {

    // The dispatcher's logger, as before these parts were split out of it: what operators filter on.
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private static final Duration CLAIM_BACKOFF = Duration.ofSeconds(1);

    private final DeliveryQueue queue;
    private final Database database;
    private final Routes routes;
    private final DispatchConfig config;
    private final DispatchSignal signal;
    private final DispatchWorkers workers;
    private volatile Thread claimer;
    private volatile AutoCloseable workFromOtherInstances;
    private volatile boolean running = true;

    DeliveryClaimer(DeliveryQueue queue, Database database, Routes routes, DispatchConfig config, DispatchSignal signal,
            DispatchWorkers workers) {
        this.queue = queue;
        this.database = database;
        this.routes = routes;
        this.config = config;
        this.signal = signal;
        this.workers = workers;
    }

    /** Releases this instance's claims from before its last stop, listens for other instances' work and starts claiming. */
    void start() {
        int released = queue.releaseClaims().join();
        if (released > 0) {
            LOG.info("Resuming {} deliveries claimed before the last stop", released);
        }
        workFromOtherInstances = database.listenForWork(signal::wake);
        Thread thread = new Thread(this::claimLoop, "hookline-dispatch-claimer");
        thread.setDaemon(true);
        claimer = thread;
        thread.start();
    }

    /** Whether the claiming thread is running. */
    boolean isAlive() {
        Thread thread = claimer;
        return running && thread != null && thread.isAlive();
    }

    /** Claims no more: stops listening and wakes the thread so that it ends. */
    void stop() {
        running = false;
        AutoCloseable listening = workFromOtherInstances;
        if (listening != null) {
            closeQuietly(listening);
        }
        signal.wake();
    }

    /** Waits up to {@code timeout} for the claiming thread to end. */
    void join(Duration timeout) throws InterruptedException {
        Thread thread = claimer;
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
    }

    private void claimLoop() {
        boolean failing = false;
        while (running) {
            try {
                // Every round: a subscription may have been given a longer timeout since the last one.
                Duration lease = lease();
                // Up to one round of deliveries waits claimed behind the running ones, so a worker that
                // comes free starts the next at once; claims are made a round at a time, not one by one.
                int claimedNow = workers.inFlight();
                int free = claimedNow <= config.getWorkers() ? 2 * config.getWorkers() - claimedNow : 0;
                // Taken before claiming, so it never runs past the lease the database records.
                Instant leaseEnds = Instant.now().plus(lease);
                List<ClaimedDelivery> claimed = free > 0 ? queue.claim(free, lease, workers::room, routes::ordered).join() : List.of();
                if (failing) {
                    LOG.info("Claiming deliveries again");
                    failing = false;
                }
                for (ClaimedDelivery delivery : claimed) {
                    workers.run(delivery, leaseEnds);
                }
                if (claimed.isEmpty() || claimed.size() == free) {
                    signal.await(config.getPollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.error("Claiming deliveries failed; trying again every {} until it works: {}", CLAIM_BACKOFF,
                            e.getMessage());
                    failing = true;
                }
                Pause.of(CLAIM_BACKOFF);
            }
        }
    }

    /**
     * How long a claim lasts: longer than a delivery may wait for one attempt of its route to end
     * ({@link RouteBulkheads}) and then take its own, so twice the longest timeout of any route.
     */
    private Duration lease() {
        return routes.longestTimeout().multipliedBy(2).plus(config.getLeaseMargin());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Stopping to listen for work from other instances failed: {}", e.getMessage());
        }
    }
}
