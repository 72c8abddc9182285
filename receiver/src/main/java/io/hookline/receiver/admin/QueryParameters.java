package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.store.DeliveryStatus;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The admin API's query parameters that several calls take, read the same way everywhere. */
final class QueryParameters {

    private QueryParameters() {}

    /** {@code limit}: the default when absent, else 1 to {@code most}. */
    static int limit(Integer limit, int byDefault, int most) {
        int size = limit == null ? byDefault : limit;
        if (size < 1 || size > most) {
            throw new WebhookException(ErrorClass.INVALID_QUERY, "limit must be 1 to " + most);
        }
        return size;
    }

    /** Event ids, which cursors are: {@code evt_} and up to 26 Crockford base-32 characters. */
    private static final Pattern CURSOR = Pattern.compile("evt_[0-9A-HJKMNP-TV-Z]{0,26}");

    /**
     * {@code cursor}: the {@code next_cursor} of a page, or null when absent; anything else is refused,
     * where it was read as no cursor and answered the first page again.
     */
    static String cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (!CURSOR.matcher(cursor).matches()) {
            String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor;
            throw new WebhookException(ErrorClass.INVALID_QUERY,
                    "cursor must be the next_cursor of a page (an event id such as evt_01…); not '" + shown + "'");
        }
        return cursor;
    }

    /** {@code status}: one of an event's statuses ({@link DeliveryStatus#ofEvents}), or null when absent. */
    static DeliveryStatus status(String status) {
        return status(status, ErrorClass.INVALID_QUERY);
    }

    /** {@code status} as {@link #status(String)}, refused with {@code refusal}: a body's field is {@code invalid_body}. */
    static DeliveryStatus status(String status, ErrorClass refusal) {
        return oneOf(status, DeliveryStatus.ofEvents(), refusal);
    }

    /** {@code status}: one of a delivery's statuses ({@code skipped} too), or null when absent. */
    static DeliveryStatus deliveryStatus(String status) {
        return oneOf(status, List.of(DeliveryStatus.values()), ErrorClass.INVALID_QUERY);
    }

    private static DeliveryStatus oneOf(String status, List<DeliveryStatus> allowed, ErrorClass refusal) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String wanted = status.trim().toLowerCase(Locale.ROOT);
        return allowed.stream().filter(candidate -> candidate.wireName().equals(wanted)).findFirst()
                .orElseThrow(() -> new WebhookException(refusal, "status must be one of " + String.join(", ",
                        allowed.stream().map(DeliveryStatus::wireName).toList()) + "; not '" + status + "'"));
    }
}
