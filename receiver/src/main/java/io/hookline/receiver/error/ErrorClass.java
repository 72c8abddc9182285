package io.hookline.receiver.error;

import io.hookline.spi.RejectionReason;
import io.micronaut.http.HttpStatus;
import io.sentry.SentryLevel;
import java.util.Locale;

/**
 * Every error Hookline knows, in one closed table: what each class answers over HTTP, its title,
 * its metric and tag label ({@link #wireName()}), what Sentry gets and how it is grouped, and
 * whether it is retried. HTTP answers, the attempts table, metrics and Sentry all read it; docs
 * (docs/on-call.md) list the failure classes in the same order.
 *
 * <p>The first eleven are failures of a webhook, of a handler attempt or of a reconciliation run.
 * The rest are nobody's failure: a delivery that ended because its subscription was disabled or
 * deleted, an unknown source, a wrong admin token, a framework answer; never reported, never retried.
 */
public enum ErrorClass {
    //                      HTTP answer                       title                                Sentry level          grouping                      retried
    SIGNATURE_INVALID(HttpStatus.UNAUTHORIZED, "Signature invalid", SentryLevel.WARNING, SentryGrouping.SOURCE_BURST, false),
    REPLAY_REJECTED(HttpStatus.UNAUTHORIZED, "Request outside the replay window", SentryLevel.WARNING, SentryGrouping.SOURCE_BURST, false),
    PAYLOAD_INVALID(HttpStatus.BAD_REQUEST, "Payload invalid", SentryLevel.WARNING, SentryGrouping.PROVIDER, false),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited", null, SentryGrouping.NONE, false),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable", SentryLevel.ERROR, SentryGrouping.CLASS, true),
    HANDLER_TIMEOUT(null, "Handler timed out", SentryLevel.ERROR, SentryGrouping.ROUTE, true),
    DOWNSTREAM_UNAVAILABLE(null, "Downstream unavailable", SentryLevel.ERROR, SentryGrouping.ROUTE, true),
    DOWNSTREAM_REJECTED(null, "Downstream rejected the event", SentryLevel.ERROR, SentryGrouping.ROUTE, false),
    PERMISSION_DENIED(null, "Downstream denied permission", SentryLevel.ERROR, SentryGrouping.ROUTE, false),
    HANDLER_BUG(null, "Handler bug", SentryLevel.ERROR, SentryGrouping.PLUGIN_FRAME, false),
    RECONCILE_FAILED(null, "Reconciliation failed", SentryLevel.WARNING, SentryGrouping.SOURCE_CAUSE, true),

    SUBSCRIPTION_CANCELLED(null, "Subscription disabled or deleted"),

    SOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "Source not found"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    ADMIN_DISABLED(HttpStatus.NOT_FOUND, "Admin API is off"),
    EVENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Event not found"),
    DELIVERY_NOT_FOUND(HttpStatus.NOT_FOUND, "Delivery not found"),
    BODY_PRUNED(HttpStatus.CONFLICT, "Body pruned"),
    INVALID_QUERY(HttpStatus.BAD_REQUEST, "Invalid query"),
    INVALID_BODY(HttpStatus.BAD_REQUEST, "Invalid request body"),
    INVALID_SUBSCRIPTION(HttpStatus.BAD_REQUEST, "Invalid subscription"),
    SUBSCRIPTION_NOT_FOUND(HttpStatus.NOT_FOUND, "Subscription not found"),
    SECRET_KEY_MISSING(HttpStatus.CONFLICT, "Secret key not set"),
    SENTRY_DISABLED(HttpStatus.CONFLICT, "Sentry is off"),
    RECONCILE_OFF(HttpStatus.CONFLICT, "Reconciliation is off"),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large"),
    URI_TOO_LONG(HttpStatus.REQUEST_URI_TOO_LONG, "URI too long"),
    ENCODING_UNSUPPORTED(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content encoding not supported"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    /** What makes two Sentry reports of a class one issue. */
    public enum SentryGrouping {
        /** Never reported. */
        NONE,
        /** One issue for the class. */
        CLASS,
        /** One issue per provider. */
        PROVIDER,
        /** One warning per burst of failures from one source, one issue per source. */
        SOURCE_BURST,
        /** One issue per route and exception type, reported when a delivery goes dead. */
        ROUTE,
        /** One issue per plugin, exception type and the frame that threw, when a delivery goes dead. */
        PLUGIN_FRAME,
        /** One issue per source and cause, sent once until the source's next clean run. */
        SOURCE_CAUSE
    }

    private final HttpStatus httpStatus;
    private final String title;
    private final SentryLevel sentryLevel;
    private final SentryGrouping sentryGrouping;
    private final boolean retried;

    ErrorClass(HttpStatus httpStatus, String title) {
        this(httpStatus, title, null, SentryGrouping.NONE, false);
    }

    ErrorClass(HttpStatus httpStatus, String title, SentryLevel sentryLevel, SentryGrouping sentryGrouping,
            boolean retried) {
        this.httpStatus = httpStatus;
        this.title = title;
        this.sentryLevel = sentryLevel;
        this.sentryGrouping = sentryGrouping;
        this.retried = retried;
    }

    /** The name in error bodies ({@code code}), attempts, metric labels and Sentry tags: {@code downstream_unavailable}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP answer; null for classes of handler attempts, which answer nobody. */
    public HttpStatus httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** The level of its Sentry reports; null when it is never reported. */
    public SentryLevel sentryLevel() {
        return sentryLevel;
    }

    public SentryGrouping sentryGrouping() {
        return sentryGrouping;
    }

    /**
     * Whether it is tried again: a handler attempt by the dispatcher, a refused webhook by its
     * sender (the answer tells it to).
     */
    public boolean retried() {
        return retried;
    }

    /** Whether it is a failure of a webhook or an attempt, rather than an answer that is nobody's failure. */
    public boolean isFailure() {
        return ordinal() <= RECONCILE_FAILED.ordinal();
    }

    /** The class of a provider's rejection. */
    public static ErrorClass of(RejectionReason reason) {
        return reason == RejectionReason.TIMESTAMP_OUTSIDE_WINDOW ? REPLAY_REJECTED : SIGNATURE_INVALID;
    }

    /** The class for a status the framework answered with on its own (no route, body too large). */
    static ErrorClass ofStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> NOT_FOUND;
            case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
            case REQUEST_ENTITY_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> HEADERS_TOO_LARGE;
            case REQUEST_URI_TOO_LONG -> URI_TOO_LONG;
            default -> status.getCode() < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
