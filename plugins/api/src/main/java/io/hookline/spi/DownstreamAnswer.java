package io.hookline.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler's downstream answered to one attempt, as the handler reports it with
 * {@link HandlerContext#answered}. The receiver keeps it with the attempt and shows it in the
 * event's detail, for success and failure alike.
 *
 * <p>The receiver, not the plugin, decides what is kept: it removes credentials from the URL,
 * masks header values that carry secrets (cookies, credentials, tokens), keeps a bounded number
 * of headers and the first kilobyte of the body (cut on a UTF-8 character boundary). A plugin
 * reports what it saw and need not read more of the body than that kilobyte.
 *
 * @param status the HTTP status the downstream answered
 * @param url the URL the request went to
 * @param headers the answer's headers in their order, names in lower case; a header given several times has its
 *     values joined by {@code ", "}
 * @param body the start of the answer's body as text, empty when there was none
 * @param took from sending the request to reading the answer
 */
public record DownstreamAnswer(int status, String url, Map<String, String> headers, String body, Duration took) {

    /** The first kilobyte of the body is what the receiver keeps. */
    public static final int BODY_KEPT = 1024;

    /**
     * Copies the headers with lower-case names; null headers or body are taken as none.
     *
     * @throws NullPointerException when {@code url} or {@code took} is null
     */
    public DownstreamAnswer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(took, "took");
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.merge(name.toLowerCase(Locale.ROOT), value == null ? "" : value,
                    (first, next) -> first + ", " + next));
        }
        headers = Collections.unmodifiableMap(lower);
        body = body == null ? "" : body;
    }
}
