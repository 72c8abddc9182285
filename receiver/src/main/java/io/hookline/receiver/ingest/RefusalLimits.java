package io.hookline.receiver.ingest;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The budget of refused requests of each client address ({@code hookline.refusals-per-address}).
 * Only requests that failed verification are charged, so a flood of forgeries costs the forger's
 * address and never the source's own rate limit, and a correctly signed request is never turned
 * away by it: behind a proxy that is not configured as trusted, every sender shares one address.
 *
 * <p>The table is bounded: at most {@value #TRACKED_ADDRESSES} addresses, the one refused longest
 * ago forgotten first. A forger with more addresses than that gets a fresh budget per address it
 * comes back from; the memory stays the same.
 */
@Context
public class RefusalLimits {

    static final int TRACKED_ADDRESSES = 10_000;
    private static final String KEY = "hookline.refusals-per-address";

    private final double perSecond;
    private final double burst;
    private final Map<String, RateLimiter> byAddress = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };

    public RefusalLimits(RefusalLimitConfig config) {
        this.perSecond = positive(KEY + ".per-second", config.getPerSecond());
        this.burst = Math.max(1, positive(KEY + ".burst", config.getBurst()));
    }

    /**
     * Charges one refusal to an address: 0 when it is within its budget, else how many nanoseconds
     * until it is again. A request whose address is unknown is never limited.
     */
    long charge(String address, long nowNanos) {
        if (address == null) {
            return 0;
        }
        RateLimiter limiter;
        synchronized (byAddress) {
            limiter = byAddress.computeIfAbsent(address, ignored -> new RateLimiter(perSecond, burst, nowNanos));
        }
        return limiter.acquire(nowNanos);
    }

    static double positive(String key, Double value) {
        if (value == null || !(value > 0) || value.isInfinite()) {
            throw new ConfigurationException(key + " must be a positive number of requests a second, not " + value);
        }
        return value;
    }
}
