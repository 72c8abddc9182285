package io.hookline.handlers;

import io.hookline.spi.DownstreamAnswer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An HTTP {@code Retry-After} value: delay seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {}

    /** The delay an answer's {@code Retry-After} asks for, or null when absent or unreadable. */
    public static Duration of(DownstreamAnswer answer) {
        return parse(Optional.ofNullable(answer.headers().get("retry-after")));
    }

    /** The delay it asks for, or null when absent or unreadable. */
    public static Duration parse(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(Instant.now(), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
