package io.hookline.receiver.ingest;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. One request
 * takes one token; without one it is refused and told when the next one comes.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimiter(double perSecond, double burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** 0 when the request may go; else how many nanoseconds until a token is there. */
    synchronized long acquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
