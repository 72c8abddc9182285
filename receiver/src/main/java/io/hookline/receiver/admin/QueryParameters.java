package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.store.DeliveryStatus;
import java.util.Locale;

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

    /** {@code status}: one of the delivery statuses, or null when absent. */
    static DeliveryStatus status(String status) {
        return status(status, ErrorClass.INVALID_QUERY);
    }

    /** {@code status} as {@link #status(String)}, refused with {@code refusal}: a body's field is {@code invalid_body}. */
    static DeliveryStatus status(String status, ErrorClass refusal) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.of(status.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WebhookException(refusal,
                    "status must be one of pending, retrying, processed, dead; not '" + status + "'");
        }
    }
}
