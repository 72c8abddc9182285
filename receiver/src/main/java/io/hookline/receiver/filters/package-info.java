/**
 * Filters on the payload: the {@code where:} expressions of routes and subscriptions, in CEL,
 * compiled and type-checked once ({@link WhereLanguage}) and tested once per event and route over
 * the event's facts ({@link EventFacts}), under a cost limit.
 */
package io.hookline.receiver.filters;
