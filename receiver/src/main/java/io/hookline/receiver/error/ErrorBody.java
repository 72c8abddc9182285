package io.hookline.receiver.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The one shape of every error answer:
 * {@code {"error":{"id","status","code","title","detail","meta":{"request_id","timestamp"}}}}.
 */
@Serdeable
public record ErrorBody(Error error) {

    /** The error itself; {@code id} is unique per answer, for quoting in a support request. */
    @Serdeable
    public record Error(String id, int status, String code, String title, String detail, Meta meta) {}

    /** Where and when the error was answered. */
    @Serdeable
    public record Meta(@JsonProperty("request_id") String requestId, String timestamp) {}
}
