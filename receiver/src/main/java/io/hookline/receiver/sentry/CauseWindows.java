package io.hookline.receiver.sentry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate rule of reports: at most one report per cause and window, the report carrying how many
 * times the cause happened since the previous one. During an outage every webhook (or every
 * delivery to a dead downstream) fails the same way; one report a window says it. Shared by the
 * Sentry reports and Hookline's operational events, so both count the same way.
 */
public final class CauseWindows {

    private final long windowMillis;
    private final Map<String, Cause> causes = new ConcurrentHashMap<>();

    public CauseWindows(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /**
     * Counts one happening of {@code cause} at {@code nowMillis}; answers how many happened since
     * the last report, this one included, when this one is to be reported, or 0 when it is not
     * (another report of the cause went out less than a window ago).
     */
    public int happened(String cause, long nowMillis) {
        Cause seen = causes.computeIfAbsent(cause, c -> new Cause());
        synchronized (seen) {
            seen.happenings++;
            if (seen.reportedAt != 0 && nowMillis - seen.reportedAt < windowMillis) {
                return 0;
            }
            int happenings = seen.happenings;
            seen.happenings = 0;
            seen.reportedAt = nowMillis;
            return happenings;
        }
    }

    /** When a cause was last reported, and how many times it happened since. */
    private static final class Cause {
        long reportedAt;
        int happenings;
    }
}
