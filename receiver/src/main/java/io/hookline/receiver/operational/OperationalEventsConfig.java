package io.hookline.receiver.operational;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;

/**
 * Hookline's own happenings as events of source {@code hookline} ({@code hookline.operational-events.*}).
 * On by default: an event is only made and stored when a route or subscription matches its type,
 * so a receiver with no route for {@code hookline:*} does no work for them.
 */
@ConfigurationProperties("hookline.operational-events")
@Context
public class OperationalEventsConfig {

    private boolean enabled = true;
    private Duration window = Duration.ofMinutes(5);
    private Duration backlogThreshold = Duration.ofMinutes(5);
    private Duration checkInterval = Duration.ofSeconds(30);

    /** False: no operational event is ever made, whatever the routes match. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** At most one event per cause (a route and error class, a subscription, a source's catch-up cause, ...) per window. */
    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = positive("window", window);
    }

    /** A {@code backlog} event when the oldest due delivery has waited longer than this since it came due. */
    public Duration getBacklogThreshold() {
        return backlogThreshold;
    }

    public void setBacklogThreshold(Duration backlogThreshold) {
        this.backlogThreshold = positive("backlog-threshold", backlogThreshold);
    }

    /** How often the backlog and the store's refused writes are looked at. */
    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = positive("check-interval", checkInterval);
    }

    private static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigurationException("hookline.operational-events." + key + " must be positive, not " + value);
        }
        return value;
    }
}
