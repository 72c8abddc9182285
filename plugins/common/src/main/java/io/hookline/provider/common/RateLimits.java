package io.hookline.provider.common;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** When a rate-limited API may be asked again, from the headers the providers document. */
public final class RateLimits {

    private RateLimits() {}

    /**
     * {@code retry-after} in seconds, or, when the remaining count header says 0, the reset header's
     * epoch seconds; empty when the answer carries neither.
     */
    public static Optional<Instant> retryAt(HttpResponse<?> response, String remainingHeader, String resetHeader) {
        Optional<Long> retryAfter = number(response, "retry-after");
        if (retryAfter.isPresent()) {
            return Optional.of(Instant.now().plusSeconds(Math.max(1, retryAfter.get())));
        }
        if (remainingHeader != null && number(response, remainingHeader).filter(left -> left == 0).isPresent()) {
            return number(response, resetHeader).map(Instant::ofEpochSecond);
        }
        return Optional.empty();
    }

    /** Whether the answer's body says it is a rate limit, as GitHub's secondary limits do. */
    public static boolean saysRateLimit(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        return body != null && new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT).contains("rate limit");
    }

    private static Optional<Long> number(HttpResponse<?> response, String header) {
        try {
            return response.headers().firstValue(header).map(String::trim).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
