package io.hookline.receiver.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The ids every log line about one webhook or one delivery carries, in SLF4J's MDC, so that a text
 * pattern ({@code %X{request_id}}) or a JSON encoder writes them without each call site naming
 * them: {@code source}, {@code request_id} (the {@code X-Request-Id} the sender was answered with,
 * stored with the event and sent on its deliveries), {@code event_id} and, during a delivery,
 * {@code route}.
 *
 * <p>A scope sets them on the thread that does the work and, when closed, puts back what the
 * thread had before (nothing, on a pooled thread), so a Netty event loop or a dispatcher worker
 * never carries one request's ids into the next. Work that moves to another thread (a commit
 * completed by the writer thread, an attempt recorded by the recorder) opens a scope there from
 * {@link #carried()}.
 */
public final class LogContext implements AutoCloseable {

    public static final String SOURCE = "source";
    public static final String REQUEST_ID = "request_id";
    public static final String EVENT_ID = "event_id";
    public static final String ROUTE = "route";

    private static final List<String> KEYS = List.of(SOURCE, REQUEST_ID, EVENT_ID, ROUTE);

    private final Map<String, String> before;

    private LogContext(Map<String, String> ids) {
        before = new LinkedHashMap<>();
        for (String key : KEYS) {
            before.put(key, MDC.get(key));
        }
        ids.forEach(LogContext::set);
    }

    /**
     * A scope with exactly these ids, none left from before; a null value is left out.
     *
     * @param source the configured source, or null when there is none
     */
    public static LogContext of(String source, String requestId, String eventId) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(SOURCE, source);
        ids.put(REQUEST_ID, requestId);
        ids.put(EVENT_ID, eventId);
        ids.put(ROUTE, null);
        return new LogContext(ids);
    }

    /** A scope on another thread with the ids this thread carries now (see {@link #carried()}). */
    public static LogContext resume(Map<String, String> carried) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String key : KEYS) {
            ids.put(key, carried.get(key));
        }
        return new LogContext(ids);
    }

    /** The ids this thread carries now, to resume them on another. */
    public static Map<String, String> carried() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = MDC.get(key);
            if (value != null) {
                ids.put(key, value);
            }
        }
        return Map.copyOf(ids);
    }

    /** Sets one id within this scope, once it is known (the event id after the commit, the request id once read). */
    public LogContext with(String key, String value) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("not a log context key: " + key);
        }
        set(key, value);
        return this;
    }

    /** Puts back what the thread carried before the scope. */
    @Override
    public void close() {
        before.forEach(LogContext::set);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
