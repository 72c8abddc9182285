package io.hookline.receiver.dispatch;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What a route may read of one event to choose its deliveries' keys ({@link OrderKey}): its source,
 * type, idempotency key, kept headers (by lower-case name) and body. The body is parsed as JSON the
 * first time a route asks for it, and only once however many routes ask; empty when it is not JSON.
 */
public final class EventFields {

    private final String source;
    private final String provider;
    private final String type;
    private final String key;
    private final Map<String, String> headers;
    private final byte[] body;
    private final JsonMapper json;
    private Optional<JsonNode> parsed;

    public EventFields(String source, String provider, String type, String key, Map<String, String> headers,
            byte[] body, JsonMapper json) {
        this.source = source;
        this.provider = provider;
        this.type = type;
        this.key = key;
        this.headers = headers;
        this.body = body;
        this.json = json;
    }

    public String source() {
        return source;
    }

    public String provider() {
        return provider;
    }

    public String type() {
        return type;
    }

    public String key() {
        return key;
    }

    /** The header's kept value by its lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** The body as JSON, parsed on the first call; empty when it is not JSON (or there is none). */
    public Optional<JsonNode> body() {
        if (parsed == null) {
            parsed = parse();
        }
        return parsed;
    }

    private Optional<JsonNode> parse() {
        if (body == null || body.length == 0 || json == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(body, JsonNode.class));
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
