package io.hookline.receiver.error;

import io.hookline.receiver.failure.ErrorClass;
import io.hookline.spi.RejectionReason;
import io.micronaut.http.HttpStatus;

/**
 * Every error the receiver answers with: the {@code code} of the error body, its HTTP status and
 * its title. The first group are the error classes of a webhook request; the rest are the HTTP
 * framework's own answers, in the same shape.
 */
public enum ErrorCode {
    SIGNATURE_INVALID(HttpStatus.UNAUTHORIZED, "Signature invalid"),
    REPLAY_REJECTED(HttpStatus.UNAUTHORIZED, "Request outside the replay window"),
    PAYLOAD_INVALID(HttpStatus.BAD_REQUEST, "Payload invalid"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable"),
    SOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "Source not found"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    ADMIN_DISABLED(HttpStatus.NOT_FOUND, "Admin API is off"),
    EVENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Event not found"),
    BODY_PRUNED(HttpStatus.CONFLICT, "Body pruned"),
    INVALID_QUERY(HttpStatus.BAD_REQUEST, "Invalid query"),
    SENTRY_DISABLED(HttpStatus.CONFLICT, "Sentry is off"),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The wire name, such as {@code signature_invalid}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The error class this answer stands for; null for answers that are not failures of a webhook. */
    public ErrorClass errorClass() {
        return switch (this) {
            case SIGNATURE_INVALID -> ErrorClass.SIGNATURE_INVALID;
            case REPLAY_REJECTED -> ErrorClass.REPLAY_REJECTED;
            case PAYLOAD_INVALID -> ErrorClass.PAYLOAD_INVALID;
            case RATE_LIMITED -> ErrorClass.RATE_LIMITED;
            case STORAGE_UNAVAILABLE -> ErrorClass.STORAGE_UNAVAILABLE;
            default -> null;
        };
    }

    /** The error class of a provider's rejection. */
    public static ErrorCode of(RejectionReason reason) {
        return reason == RejectionReason.TIMESTAMP_OUTSIDE_WINDOW ? REPLAY_REJECTED : SIGNATURE_INVALID;
    }

    /** The code for a status the framework answered with on its own (no route, body too large). */
    static ErrorCode ofStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> NOT_FOUND;
            case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
            case REQUEST_ENTITY_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            default -> status.getCode() < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
