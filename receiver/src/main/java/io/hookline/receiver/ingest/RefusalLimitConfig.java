package io.hookline.receiver.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code hookline.refusals-per-address}: how many refused webhook requests one client address may
 * send, as a token bucket refilled {@code per-second} and holding {@code burst}. Checked at start
 * by {@link RefusalLimits}.
 */
@ConfigurationProperties("hookline.refusals-per-address")
public class RefusalLimitConfig {

    private Double perSecond = 1.0;
    private Double burst = 30.0;

    /** Refused requests a second, on average; 1 unless set. */
    public Double getPerSecond() {
        return perSecond;
    }

    public void setPerSecond(Double perSecond) {
        this.perSecond = perSecond;
    }

    /** Refused requests at once after a quiet spell; 30 unless set. */
    public Double getBurst() {
        return burst;
    }

    public void setBurst(Double burst) {
        this.burst = burst;
    }
}
