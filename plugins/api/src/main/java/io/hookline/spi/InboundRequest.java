package io.hookline.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook request as the receiver received it.
 *
 * <p>The receiver promises: header and query parameter names are lower case; values keep the order
 * in which they arrived; {@code body} holds the exact bytes of the request body (empty, never
 * null, when there was none). Providers must treat the array as read-only: it is shared, not
 * copied, to keep the request path free of copies of large bodies.
 *
 * @param source the name of the source the request was sent to ({@code POST /hooks/{source}})
 * @param headers request headers by lower-case name
 * @param query query parameters by lower-case name
 * @param body the raw body bytes, exactly as received
 */
public record InboundRequest(
        String source,
        Map<String, List<String>> headers,
        Map<String, List<String>> query,
        byte[] body) {

    /**
     * A request with one value per header and no query, for tests of a provider: header names
     * are lower-cased as the receiver does.
     */
    public static InboundRequest of(String source, Map<String, String> headers, byte[] body) {
        Map<String, List<String>> lower = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value)));
        return new InboundRequest(source, lower, Map.of(), body);
    }

    /** The first value of a header, looked up by any case of its name. */
    public Optional<String> header(String name) {
        return first(headers, name);
    }

    /** Every value of a header, in the order received; empty when absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }

    /** The first value of a query parameter, looked up by any case of its name. */
    public Optional<String> queryParameter(String name) {
        return first(query, name);
    }

    private static Optional<String> first(Map<String, List<String>> values, String name) {
        List<String> all = values.get(name.toLowerCase(java.util.Locale.ROOT));
        return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
