package io.hookline.receiver.dispatch;

import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.Retention;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes old bodies, then processed events with their keys, every minute, through the writer in
 * slices of a few milliseconds. After each slice it waits at least as long as the slice held the
 * writer, so webhooks always get the writer at least half the time; the slice size follows the
 * measured time of the last slice. A run stops when nothing is left to prune or after
 * {@link #RUN_BUDGET}, and the next run starts on the next minute, so a backlog (an upgrade, a
 * shortened retention) is worked off at most 50 seconds a minute, much faster than webhooks can
 * arrive.
 */
@Singleton
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    static final Duration RUN_BUDGET = Duration.ofSeconds(50);
    private static final long TARGET_SLICE_NANOS = Duration.ofMillis(4).toNanos();
    private static final int MIN_SLICE = 16;
    private static final int MAX_SLICE = 2_000;

    private final Retention retention;
    private final RetentionConfig config;
    private final Metrics metrics;
    private int sliceSize = 128;

    public RetentionJob(Retention retention, RetentionConfig config, Metrics metrics) {
        check(config);
        this.retention = retention;
        this.config = config;
        this.metrics = metrics;
    }

    /** Refuses keys kept for less time than bodies: a duplicate of a kept body would be stored again. */
    public static void check(RetentionConfig config) {
        if (config.getKeys().compareTo(config.getBodies()) < 0) {
            throw new ConfigurationException("hookline.retention.keys (" + config.getKeys()
                    + ") must be at least hookline.retention.bodies (" + config.getBodies() + "): keys must outlive bodies");
        }
    }

    /** One run: slices until nothing is left to prune or the run's budget is spent. */
    @Scheduled(fixedRate = "1m", initialDelay = "15s")
    public synchronized void prune() {
        long started = System.nanoTime();
        long deadline = started + RUN_BUDGET.toNanos();
        long bodies = 0;
        long events = 0;
        int slices = 0;
        try {
            while (System.nanoTime() < deadline) {
                int size = sliceSize;
                Retention.Slice slice = retention.prune(config.getBodies(), config.getKeys(), size).join();
                slices++;
                bodies += slice.bodies();
                events += slice.events();
                metrics.pruned(slice.bodies(), slice.events());
                if (slice.bodies() < size && slice.events() < size) {
                    break;
                }
                adaptSliceSize(slice.writerNanos());
                Thread.sleep(Math.max(1, Duration.ofNanos(slice.writerNanos()).toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Retention could not prune this time: {}", e.getMessage());
        }
        if (bodies + events > 0) {
            LOG.info("Retention pruned {} bodies and {} events in {} slices, {} ms", bodies, events, slices,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void adaptSliceSize(long writerNanos) {
        if (writerNanos > 2 * TARGET_SLICE_NANOS) {
            sliceSize = Math.max(MIN_SLICE, sliceSize / 2);
        } else if (writerNanos < TARGET_SLICE_NANOS / 2) {
            sliceSize = Math.min(MAX_SLICE, sliceSize * 2);
        }
    }
}
