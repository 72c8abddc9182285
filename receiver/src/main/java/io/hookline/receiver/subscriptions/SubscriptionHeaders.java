package io.hookline.receiver.subscriptions;

import io.hookline.store.HeaderBlock;
import io.hookline.store.Subscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A subscription's extra headers: what may be sent (checked when they are given, so a header that
 * no delivery could carry is a 400 rather than dead deliveries), sealed at rest like the secret,
 * and masked in every admin answer.
 *
 * <p>A value is visible ASCII, spaces and tabs, not starting or ending with either: what RFC 9110
 * allows everywhere (it tolerates other octets only for old data, and what they mean differs from
 * one client to another). Names are RFC 9110 tokens. At most {@link #MOST} headers and
 * {@link #MOST_BYTES} bytes of names and values: a target's server refuses far bigger header
 * sections, and a subscription is for a few credentials and labels, not a payload.
 */
public final class SubscriptionHeaders {

    static final int MOST = 20;
    static final int MOST_BYTES = 8 * 1024;
    /** How every value shows in the admin API: the names say which headers are set. */
    static final String MASK = "••••";

    /** RFC 9110 section 5.6.2: token = 1*tchar; up to 64 here. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /** Visible ASCII, space and tab; no whitespace at either end (RFC 9110 section 5.5). */
    private static final Pattern VALUE = Pattern.compile("([\\x21-\\x7E]([\\x20-\\x7E\\t]*[\\x21-\\x7E])?)?");
    /**
     * Headers Hookline sets on every delivery, and those the HTTP client sets or refuses itself
     * (hop-by-hop headers and framing): a subscription may not set them.
     */
    static final List<String> OWN = List.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "content-type", "content-length", "content-encoding", "host", "user-agent", "connection", "keep-alive",
            "proxy-connection", "transfer-encoding", "te", "trailer", "expect", "upgrade", "date", "via", "warning");
    private static final String OWN_PREFIX = "x-hookline-";

    private SubscriptionHeaders() {}

    /**
     * The headers given, checked, with lower-case names; a value equal to {@link #MASK} keeps what
     * {@code current} holds for that name, so an answer of the admin API can be sent back as it is.
     *
     * @throws IllegalArgumentException naming the header and what is wrong
     */
    static Map<String, String> check(Object given, Map<String, String> current) {
        if (!(given instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("headers: an object of header names and values");
        }
        if (map.size() > MOST) {
            throw new IllegalArgumentException("headers: at most " + MOST + " headers; " + map.size() + " given");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int bytes = 0;
        for (Map.Entry<?, ?> header : map.entrySet()) {
            String name = String.valueOf(header.getKey());
            String field = "headers." + name;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(field + ": a header name is 1 to 64 letters, digits or !#$%&'*+.^_`|~-"
                        + " (an RFC 9110 token)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (OWN.contains(lower) || lower.startsWith(OWN_PREFIX)) {
                throw new IllegalArgumentException(field + ": Hookline sets this header itself (it sets "
                        + String.join(", ", OWN) + " and " + OWN_PREFIX + "*)");
            }
            if (!(header.getValue() instanceof String value)) {
                throw new IllegalArgumentException(field + ": a header value is a text");
            }
            if (MASK.equals(value)) {
                value = current.get(lower);
                if (value == null) {
                    throw new IllegalArgumentException(field + ": " + MASK + " keeps a value already set, and this"
                            + " subscription has no such header");
                }
            } else if (!VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException(field + ": a header value is visible ASCII, spaces and tabs, not"
                        + " starting or ending with a space or tab (no line breaks, control or non-ASCII characters)");
            }
            if (headers.put(lower, value) != null) {
                throw new IllegalArgumentException(field + ": given twice (header names are case-insensitive)");
            }
            bytes += lower.length() + value.length();
            if (bytes > MOST_BYTES) {
                throw new IllegalArgumentException("headers: at most " + MOST_BYTES + " bytes of names and values");
            }
        }
        return headers;
    }

    /** The headers as stored: names in clear, names and values sealed for this subscription. */
    static Subscription.Headers seal(SecretBox box, Map<String, String> headers, String subscriptionId) {
        return new Subscription.Headers(List.copyOf(headers.keySet()),
                box.seal(HeaderBlock.encode(headers), associated(subscriptionId)));
    }

    /**
     * The headers in clear.
     *
     * @throws IllegalStateException when they do not open with the key (or were never sealed)
     */
    static Map<String, String> open(SecretBox box, Subscription subscription) {
        if (subscription.headers().sealed() == null) {
            throw new IllegalStateException("the headers of subscription " + subscription.name()
                    + " are not sealed yet; they are sealed at start when " + SecretBox.VARIABLE + " is set");
        }
        return box.open(subscription.headers().sealed(), associated(subscription.id())).map(HeaderBlock::decode)
                .orElseThrow(() -> new IllegalStateException("the headers of subscription " + subscription.name()
                        + " do not open with " + SecretBox.VARIABLE));
    }

    /** Every name with its value masked, for the admin API. */
    public static Map<String, String> masked(Subscription subscription) {
        Map<String, String> masked = new LinkedHashMap<>();
        subscription.headers().names().forEach(name -> masked.put(name, MASK));
        return masked;
    }

    /** Bound to the subscription and to its headers, so sealed headers do not open as its secret or another's. */
    private static String associated(String subscriptionId) {
        return subscriptionId + "#headers";
    }
}
