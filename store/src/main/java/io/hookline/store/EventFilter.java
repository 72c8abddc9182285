package io.hookline.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which events to list or replay; every part is optional (null means any).
 *
 * @param status the event's status
 * @param source the source name
 * @param type an event type, or a glob with {@code *} such as {@code pull_request.*}; {@code *} matches any
 *     characters, line terminators too, as the databases' own globs do
 * @param receivedFrom received at or after
 * @param receivedBefore received before
 */
public record EventFilter(DeliveryStatus status, String source, String type, Instant receivedFrom, Instant receivedBefore) {

    /** Every event. */
    public static EventFilter any() {
        return new EventFilter(null, null, null, null, null);
    }

    /** Whether the event passes every part of the filter that is set. */
    public boolean matches(EventSummary event) {
        return (status == null || status == event.status())
                && (source == null || source.equals(event.source()))
                && (type == null || Pattern.compile(Arrays.stream(type.split("\\*", -1)).map(Pattern::quote)
                        .collect(Collectors.joining(".*")), Pattern.DOTALL).matcher(event.type()).matches())
                && (receivedFrom == null || !event.receivedAt().isBefore(receivedFrom))
                && (receivedBefore == null || event.receivedAt().isBefore(receivedBefore));
    }
}
