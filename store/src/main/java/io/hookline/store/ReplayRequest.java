package io.hookline.store;

/**
 * A replay as it is recorded in each event's history.
 *
 * @param choice which deliveries it queues again
 * @param startedBy {@link #API} or {@link #DASHBOARD}
 * @param dryRun whether it only said what it would queue
 * @param rate the pace of a paced replay, in events a second; null when it queued at once
 */
public record ReplayRequest(ReplayChoice choice, String startedBy, boolean dryRun, Double rate) {

    /** Started through the admin API. */
    public static final String API = "api";
    /** Started from the dashboard page. */
    public static final String DASHBOARD = "dashboard";

    /** A replay through the admin API, at once. */
    public static ReplayRequest of(ReplayChoice choice) {
        return new ReplayRequest(choice, API, false, null);
    }
}
