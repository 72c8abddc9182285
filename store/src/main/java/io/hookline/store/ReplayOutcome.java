package io.hookline.store;

/** What a replay of one event did. */
public enum ReplayOutcome {
    /** Its deliveries are pending again. */
    QUEUED,
    /** No event has that id. */
    NOT_FOUND,
    /** Its body was pruned by retention, so there is nothing to hand to a handler. */
    BODY_PRUNED
}
