package io.hookline.store;

import java.util.List;

/**
 * A page of events, newest first.
 *
 * @param events the events on this page
 * @param nextCursor the cursor for the next page, or null when this is the last
 */
public record EventPage(List<EventSummary> events, String nextCursor) {}
