package io.hookline.receiver.error;

import io.micronaut.http.HttpRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id of a request: the caller's {@code X-Request-Id} when it is a plain token, else a new
 * one. Kept on the request so the log line, the error body and the response header agree.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "hookline.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = request.getHeaders().get(HEADER);
            if (id == null || !SAFE.matcher(id).matches()) {
                id = newId("req_");
            }
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    /** A new id: {@code req_} for a request, {@code rec_} for a catch-up run, then 24 random hex digits. */
    public static String newId(String prefix) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
