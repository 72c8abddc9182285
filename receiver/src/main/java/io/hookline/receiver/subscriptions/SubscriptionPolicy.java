package io.hookline.receiver.subscriptions;

import io.hookline.receiver.dispatch.RetrySchedule;
import io.hookline.store.Subscription;
import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A subscription's timeout and retry delays: given through the admin API in the configuration's
 * duration syntax ({@code 30s}, {@code 5m}, {@code 1h}), checked against bounds, and the defaults
 * where none is given. The bounds keep one slow target from holding a worker for long, and a
 * retry inside the lifetime of the events it retries.
 */
public final class SubscriptionPolicy {

    /** How long one delivery may take unless the subscription says. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration SHORTEST_TIMEOUT = Duration.ofSeconds(1);
    static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(5);
    static final Duration SHORTEST_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST_DELAY = Duration.ofDays(1);
    static final int MOST_RETRIES = 20;
    /** The value that sets a field back to its default (a JSON null does not reach the controller). */
    static final String DEFAULT = "default";

    private SubscriptionPolicy() {}

    /** The timeout in force. */
    public static Duration timeout(Subscription subscription) {
        return subscription.policy().timeout() == null ? DEFAULT_TIMEOUT : subscription.policy().timeout();
    }

    /** The retry schedule in force. */
    public static RetrySchedule retries(Subscription subscription) {
        return subscription.policy().retryDelays() == null ? RetrySchedule.DEFAULT
                : new RetrySchedule(subscription.policy().retryDelays());
    }

    /** A timeout given through the API; null (the default) when it is {@value #DEFAULT} or null. */
    static Duration timeout(Object given) {
        if (given == null || DEFAULT.equals(given)) {
            return null;
        }
        return within("timeout", duration("timeout", given), SHORTEST_TIMEOUT, LONGEST_TIMEOUT);
    }

    /** Retry delays given through the API; null (the default schedule) when they are {@value #DEFAULT} or null. */
    static List<Duration> retryDelays(Object given) {
        if (given == null || DEFAULT.equals(given)) {
            return null;
        }
        if (!(given instanceof List<?> list)) {
            throw new IllegalArgumentException("retry_delays: a list of durations such as [\"10s\", \"1m\", \"10m\"],"
                    + " or \"default\"");
        }
        if (list.size() > MOST_RETRIES) {
            throw new IllegalArgumentException("retry_delays: at most " + MOST_RETRIES + " retries; " + list.size()
                    + " given");
        }
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "retry_delays[" + i + "]";
            delays.add(within(field, duration(field, list.get(i)), SHORTEST_DELAY, LONGEST_DELAY));
        }
        return delays;
    }

    /** A duration as the API shows it: {@code 15s}, {@code 2m}, {@code 1500ms}. */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Duration duration(String field, Object given) {
        Optional<Duration> parsed = given instanceof String text && !text.isBlank()
                ? ConversionService.SHARED.convert(text.trim(), Duration.class) : Optional.empty();
        return parsed.orElseThrow(() -> new IllegalArgumentException(field
                + ": a duration such as \"500ms\", \"30s\", \"5m\", \"1h\" or \"1d\", or \"default\""));
    }

    private static Duration within(String field, Duration duration, Duration shortest, Duration longest) {
        if (duration.compareTo(shortest) < 0 || duration.compareTo(longest) > 0) {
            throw new IllegalArgumentException(field + ": from " + text(shortest) + " to " + text(longest) + "; "
                    + text(duration) + " given");
        }
        return duration;
    }
}
