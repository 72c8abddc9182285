package io.hookline.receiver.ingest;

import io.hookline.spi.InboundRequest;
import io.micronaut.core.convert.value.ConvertibleMultiValues;
import io.micronaut.http.HttpRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a Micronaut request into the SPI's {@link InboundRequest}, and picks the headers to keep. */
final class InboundRequests {

    private static final byte[] EMPTY = new byte[0];

    private InboundRequests() {}

    static InboundRequest of(String source, HttpRequest<?> request, byte[] body) {
        return new InboundRequest(source, lowerCased(request.getHeaders()), lowerCased(request.getParameters()),
                body == null ? EMPTY : body);
    }

    /** The headers stored with the event: all but credentials and signatures, first value of each. */
    static Map<String, String> storedHeaders(InboundRequest request, Set<String> dropped) {
        Map<String, String> kept = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!dropped.contains(name) && !values.isEmpty()) {
                kept.put(name, String.join(", ", values));
            }
        });
        return kept;
    }

    /** Made once per request and read-only from then on: providers see the same map on every call. */
    private static Map<String, List<String>> lowerCased(ConvertibleMultiValues<String> values) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        for (String name : values.names()) {
            lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values.getAll(name)), (a, b) -> {
                List<String> both = new java.util.ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            });
        }
        return Collections.unmodifiableMap(lower);
    }
}
