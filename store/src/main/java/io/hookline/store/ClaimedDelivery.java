package io.hookline.store;

/**
 * A delivery a dispatcher worker has claimed and must finish (or postpone) before its lease ends.
 *
 * @param eventId the event to deliver
 * @param route the route's name
 * @param handler the handler id the route runs
 * @param attempt the number of the attempt about to be made, from 1; numbers go on across replays
 * @param attemptOfRun the same attempt counted from the delivery's first queueing or its latest
 *     replay, from 1: what the retry schedule counts, so a replay has every retry again
 * @param claimToken this claim's token: finishing or postponing needs it, so a worker whose lease
 *     ran out records nothing
 */
public record ClaimedDelivery(String eventId, String route, String handler, int attempt, int attemptOfRun,
        String claimToken) {}
