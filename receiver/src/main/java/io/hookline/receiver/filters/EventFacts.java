package io.hookline.receiver.filters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * One event as {@code where:} expressions see it. The body is parsed at most once, by the first
 * expression that reads it, and not at all when none does; of a JSON object, only the top-level
 * fields that the expressions to be tested read ({@link #willRead}) are built, the rest is only
 * checked to be JSON. An instance belongs to one event and one thread.
 */
public final class EventFacts {

    static final String SOURCE = "source";
    static final String TYPE = "type";
    static final String KEY = "key";
    static final String HEADERS = "headers";
    static final String RECEIVED_AT = "received_at";
    static final String BODY = "body";

    /** A compressed body is inflated up to this for reading; the receiver's own limit is lower. */
    private static final int MAX_INFLATED = 64 * 1024 * 1024;

    private final String source;
    private final String provider;
    private final String type;
    private final byte[] rawBody;
    private final Map<String, Object> variables = new HashMap<>(8);
    private Optional<Object> body;
    /** The top-level fields to build, or null for the whole body; empty until an expression says. */
    private Set<String> fieldsRead = new HashSet<>();

    /**
     * @param headers the stored headers, by lower-case name
     * @param rawBody the body as it arrived; a {@code content-encoding} of gzip or deflate is undone to read it
     */
    public EventFacts(String source, String provider, String type, String key, Map<String, String> headers,
            Instant receivedAt, byte[] rawBody) {
        this.source = source;
        this.provider = provider;
        this.type = type;
        this.rawBody = rawBody;
        variables.put(SOURCE, source);
        variables.put(TYPE, type);
        variables.put(KEY, key);
        variables.put(HEADERS, headers);
        variables.put(RECEIVED_AT, receivedAt);
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

    /**
     * Says that this expression will be tested on the event, before the first test: the body is then
     * parsed once for all of them.
     */
    public void willRead(Where where) {
        if (!where.readsBody() || fieldsRead == null) {
            return;
        }
        if (where.bodyFields() == null) {
            fieldsRead = null;
        } else {
            fieldsRead.addAll(where.bodyFields());
        }
    }

    /** The variables, with the body parsed and bound when {@code withBody} and it is JSON. */
    Map<String, Object> variables(boolean withBody) {
        if (withBody && body == null) {
            body = JsonValues.parse(decoded(), fieldsRead == null || fieldsRead.isEmpty() ? null : fieldsRead);
            body.ifPresent(value -> variables.put(BODY, value));
        }
        return variables;
    }

    private byte[] decoded() {
        Object coding = variables.get(HEADERS) instanceof Map<?, ?> headers ? headers.get("content-encoding") : null;
        String name = coding == null ? "identity" : coding.toString().trim().toLowerCase(Locale.ROOT);
        try {
            return switch (name) {
                case "gzip", "x-gzip" -> inflate(new GZIPInputStream(new ByteArrayInputStream(rawBody)));
                case "deflate" -> inflate(new InflaterInputStream(new ByteArrayInputStream(rawBody)));
                default -> rawBody;
            };
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] inflate(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > MAX_INFLATED) {
                    throw new IOException("too large");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }
}
