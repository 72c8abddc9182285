package io.hookline.provider.common;

import io.hookline.spi.SourceSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a signed timestamp may be from the receiver's clock, in either direction. A tolerance
 * of zero turns the check off.
 *
 * @param tolerance the largest accepted distance
 */
public record ReplayWindow(Duration tolerance) {

    /** The source's {@code settings.tolerance}, or {@code defaultTolerance} when unset. */
    public static ReplayWindow of(SourceSettings source, Duration defaultTolerance) {
        return new ReplayWindow(source.durationSetting("tolerance", defaultTolerance));
    }

    /** Whether a timestamp in Unix seconds is inside the window around {@code now}. */
    public boolean admits(long epochSeconds, Instant now) {
        if (tolerance.isZero()) {
            return true;
        }
        long nowSeconds = now.getEpochSecond();
        long limit = tolerance.toSeconds();
        return epochSeconds >= nowSeconds - limit && epochSeconds <= nowSeconds + limit;
    }

    /** The rejection detail for a timestamp outside the window. */
    public String describeRejection(String header, long epochSeconds, Instant now) {
        long distance = epochSeconds - now.getEpochSecond();
        return header + " is " + Math.abs(distance) + " s " + (distance < 0 ? "old" : "in the future")
                + "; this source accepts " + tolerance.toSeconds() + " s either way";
    }
}
