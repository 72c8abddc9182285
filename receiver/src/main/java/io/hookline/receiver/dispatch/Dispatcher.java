package io.hookline.receiver.dispatch;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Works through the stored deliveries: the {@link DeliveryClaimer} claims due ones, the
 * {@link DispatchWorkers} run them ({@link DeliveryAttempts}) and the {@link AttemptRecorder}
 * records each result and does what follows. Each delivery is handled at least once; events of one
 * source are not promised in order.
 *
 * <p>It starts once the application context has started (its eager beans built, the server not yet
 * listening), not while beans are being built, and before the scheduled jobs, so the first readiness
 * check finds it claiming. A start that fails before that leaves nothing to stop. At shutdown it stops
 * claiming, gives running attempts {@code shutdown-grace} to finish, and leaves the rest to the next
 * start (or, on PostgreSQL, to another instance once their lease runs out).
 */
@Singleton
public class Dispatcher implements ApplicationEventListener<StartupEvent>, Ordered {

    private final DeliveryClaimer claimer;
    private final DispatchWorkers workers;
    private final AttemptRecorder recorder;
    private final RetryWithinLease retry;
    private final DispatchConfig config;
    private final KeyRelease keyRelease;

    Dispatcher(DeliveryClaimer claimer, DispatchWorkers workers, AttemptRecorder recorder, RetryWithinLease retry,
            DispatchConfig config, KeyRelease keyRelease) {
        this.keyRelease = keyRelease;
        this.claimer = claimer;
        this.workers = workers;
        this.recorder = recorder;
        this.retry = retry;
        this.config = config;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        keyRelease.atStart();
        claimer.start();
    }

    /**
     * Early among the start's listeners: after the routes are checked against the subscriptions
     * ({@link Routes}), so a refused start claims nothing, and before the scheduled jobs (readiness
     * among them) start.
     */
    @Override
    public int getOrder() {
        return Routes.START_ORDER + 1;
    }

    /** Whether the claimer is running, for readiness. */
    public boolean isAlive() {
        return claimer.isAlive();
    }

    /** Stops claiming, lets running attempts finish within the grace period, and stops. */
    @PreDestroy
    public void stop() {
        retry.stop();
        claimer.stop();
        workers.stopTaking();
        try {
            claimer.join(config.getPollInterval().plus(Duration.ofSeconds(1)));
            long graceEnds = System.nanoTime() + config.getShutdownGrace().toNanos();
            workers.awaitEnd(config.getShutdownGrace());
            recorder.stop(graceEnds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.stopNow();
        }
    }
}
