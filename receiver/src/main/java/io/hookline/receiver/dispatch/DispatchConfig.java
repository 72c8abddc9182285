package io.hookline.receiver.dispatch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.Locale;

/** The dispatcher's pool and policies ({@code hookline.dispatch.*}). */
@ConfigurationProperties("hookline.dispatch")
@Context
public class DispatchConfig {

    private int workers = 8;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private int breakerFailures = 5;
    private Duration breakerDelay = Duration.ofSeconds(30);
    private Duration leaseMargin = Duration.ofMinutes(1);
    private OrderDead orderDead = OrderDead.HOLD;

    /** What a dead delivery of a route with {@code order-by} does to the deliveries of its key after it. */
    public enum OrderDead {
        /** They wait until it is replayed or skipped: none runs out of order. */
        HOLD,
        /** They run on; the dead one, replayed later, runs after the one running then. */
        RELEASE;

        /** As the docs write it, so that a value that is not one lists them so. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a dead delivery holds its key ({@code hold}, the default) or lets the next run ({@code release}). */
    public OrderDead getOrderDead() {
        return orderDead;
    }

    public void setOrderDead(OrderDead orderDead) {
        this.orderDead = orderDead == null ? OrderDead.HOLD : orderDead;
    }

    /** Attempts run at the same time. */
    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    /**
     * How many attempts of one route or subscription may run at once when its route sets no
     * {@code max-concurrent}: a quarter of the workers, at least one (2 of the default 8), so that
     * it takes four routes whose targets are slow at once to hold every worker.
     */
    public int defaultMaxConcurrent() {
        return Math.max(1, workers / 4);
    }

    /** How often to look for due retries when nothing new arrives. */
    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /**
     * How much longer than its route's timeout a claim on a delivery lasts. When an instance dies
     * mid-attempt, its deliveries run elsewhere (or at its next start under another instance id)
     * once this much has passed beyond the timeout.
     */
    public Duration getLeaseMargin() {
        return leaseMargin;
    }

    public void setLeaseMargin(Duration leaseMargin) {
        this.leaseMargin = leaseMargin;
    }

    /** At shutdown, how long running attempts may take to finish; the rest resume at the next start. */
    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    /** Consecutive retryable failures of a route that open its circuit breaker. */
    public int getBreakerFailures() {
        return breakerFailures;
    }

    public void setBreakerFailures(int breakerFailures) {
        this.breakerFailures = breakerFailures;
    }

    /** How long an open breaker waits before letting one attempt through. */
    public Duration getBreakerDelay() {
        return breakerDelay;
    }

    public void setBreakerDelay(Duration breakerDelay) {
        this.breakerDelay = breakerDelay;
    }
}
