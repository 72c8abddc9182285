package io.hookline.receiver.dispatch;

import io.hookline.handlers.SignedSender;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.store.AttemptAnswer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What of a target's answer is kept with the attempt, whatever handler reported it: the rules are
 * here, once, so that a third-party handler's report is held to them too.
 *
 * <ul>
 *   <li>The URL without credentials: no user info, no fragment, and every query value masked
 *       (query strings are where webhook URLs carry their tokens: {@code ?token=}, {@code ?code=},
 *       {@code ?sig=}; telling a token from a harmless value by its name is guesswork). The path is
 *       kept as configured.
 *   <li>At most {@value #MOST_HEADERS} headers and {@value #MOST_HEADER_BYTES} bytes of names and
 *       values, in the order reported; a value longer than {@value #LONGEST_VALUE} characters is cut.
 *       What does not fit is left out, and one more header, {@value #LEFT_OUT}, says how many.
 *   <li>Values masked where an answer carries credentials: {@code Set-Cookie} (a session the
 *       target opened), {@code Authorization}-like headers, and any header whose name speaks of a
 *       token, secret, password, session, key or signature. The name stays, so on-call sees that
 *       it was there. {@code WWW-Authenticate} is kept: it says why a target refused, not a secret.
 *   <li>The first kilobyte of the body, cut on a UTF-8 character boundary.
 *   <li>Every secret value of the configuration (and the subscriptions' header values) that the
 *       target echoes, anywhere in the answer, replaced by {@code [Filtered]}.
 * </ul>
 */
final class KeptAnswer {

    static final int MOST_HEADERS = 30;
    static final int MOST_HEADER_BYTES = 4096;
    static final int LONGEST_VALUE = 512;
    static final String MASK = "••••";
    static final String LEFT_OUT = "x-hookline-headers-left-out";

    private static final List<String> CREDENTIALS = List.of("set-cookie", "set-cookie2", "cookie", "authorization",
            "proxy-authorization");
    private static final List<String> SECRET_WORDS = List.of("token", "secret", "password", "passwd", "session",
            "key", "signature", "credential", "auth");
    private static final List<String> CHALLENGES = List.of("www-authenticate", "proxy-authenticate");

    private KeptAnswer() {}

    /** The answer as it is kept, or null when none was reported. */
    static AttemptAnswer of(DownstreamAnswer answer) {
        return of(answer, UnaryOperator.identity());
    }

    /**
     * The answer as it is kept, with {@code secrets} applied to the URL, every header value and the
     * body first (a target may echo a credential the handler sent), or null when none was reported.
     */
    static AttemptAnswer of(DownstreamAnswer answer, UnaryOperator<String> secrets) {
        if (answer == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, value) -> headers.put(name, secrets.apply(value)));
        return new AttemptAnswer(answer.status(), secrets.apply(url(answer.url())), headers(headers),
                body(secrets.apply(answer.body())), answer.took().toMillis());
    }

    /** The URL without user info or fragment, its query values masked. */
    static String url(String given) {
        URI url;
        try {
            url = new URI(given);
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
        if (url.getHost() == null) {
            return "(not a URL)";
        }
        StringBuilder shown = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            shown.append(':').append(url.getPort());
        }
        shown.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            shown.append('?');
            String[] pairs = url.getRawQuery().split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int equals = pairs[i].indexOf('=');
                shown.append(i == 0 ? "" : "&").append(equals < 0 ? pairs[i] : pairs[i].substring(0, equals + 1) + MASK);
            }
        }
        return shown.toString();
    }

    static Map<String, String> headers(Map<String, String> given) {
        Map<String, String> kept = new LinkedHashMap<>();
        int bytes = 0;
        int leftOut = 0;
        for (Map.Entry<String, String> header : given.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = secret(name) ? MASK : header.getValue();
            if (value.length() > LONGEST_VALUE) {
                value = value.substring(0, LONGEST_VALUE) + "…";
            }
            int size = name.length() + value.getBytes(StandardCharsets.UTF_8).length;
            if (kept.size() >= MOST_HEADERS || bytes + size > MOST_HEADER_BYTES) {
                leftOut++;
                continue;
            }
            kept.put(name, value);
            bytes += size;
        }
        if (leftOut > 0) {
            kept.put(LEFT_OUT, Integer.toString(leftOut));
        }
        return kept;
    }

    private static boolean secret(String name) {
        return CREDENTIALS.contains(name)
                || !CHALLENGES.contains(name) && SECRET_WORDS.stream().anyMatch(name::contains);
    }

    static String body(String given) {
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= DownstreamAnswer.BODY_KEPT ? given
                : SignedSender.text(Arrays.copyOf(bytes, DownstreamAnswer.BODY_KEPT));
    }
}
