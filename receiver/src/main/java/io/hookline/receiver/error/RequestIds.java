package io.hookline.receiver.error;

import io.micronaut.http.HttpRequest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of a request: the caller's {@code X-Request-Id} when it is a plain token, else a new
 * one. Kept on the request so the log line, the error body and the response header agree.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "hookline.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

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

    /**
     * A new id: {@code req_} for a request, {@code rec_} for a catch-up run, then 24 random hex digits.
     * An id names a request in logs and answers and grants nothing, so it needs to be unique, not
     * unguessable: it comes from the thread's own generator, not from {@code SecureRandom}, whose
     * shared, locked source cost a webhook more than its id is worth (issue 32).
     */
    public static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return prefix + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}
