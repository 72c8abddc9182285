package io.hookline.receiver.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, wait {@code delays[n-1]}
 * give or take 20% (jitter, so a downstream that comes back is not hit by every retry at once),
 * or longer when the downstream asked for it with {@code Retry-After}. The retries are stored,
 * not held in memory, so a five-hour wait survives a restart.
 *
 * @param delays the wait before each retry; their count is the number of retries
 */
public record RetrySchedule(List<Duration> delays) {

    /** Close to what senders use themselves: 5 s, 30 s, 2 min, 10 min, 1 h, 5 h. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(5)));

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

    public RetrySchedule {
        delays = List.copyOf(delays);
    }

    /** The most attempts a delivery gets: the first one and every retry. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** Whether another attempt follows attempt number {@code attempt}. */
    public boolean retriesAfter(int attempt) {
        return attempt < maxAttempts();
    }

    /** The wait after failed attempt {@code attempt} (from 1), with jitter and the downstream's wish. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        Duration base = delays.get(Math.min(attempt, delays.size()) - 1);
        long millis = base.toMillis();
        long jittered = millis + (long) (millis * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        Duration delay = Duration.ofMillis(Math.max(0, jittered));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            return retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter;
        }
        return delay;
    }
}
