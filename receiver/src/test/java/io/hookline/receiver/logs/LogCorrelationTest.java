package io.hookline.receiver.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.hookline.receiver.testing.LogLines;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * One id follows a webhook everywhere: the {@code X-Request-Id} its sender was answered with is on
 * the request's log line, stored with the event and shown in its detail, sent on every forwarded
 * delivery as {@code X-Hookline-Request-Id}, and in the MDC of every line the delivery writes (the
 * dispatcher's retry line, a handler's own line), beside the event id. No request's ids are left on
 * a thread for the next one.
 */
class LogCorrelationTest {

    private static final String ADMIN = "correlation-admin-token-0123456789ab";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    static TargetServer target;
    static RunningReceiver receiver;
    static final LogLines lines = new LogLines();

    @BeforeAll
    static void start() throws Exception {
        lines.start();
        root().addAppender(lines);
        target = new TargetServer();
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.admin-token", ADMIN);
        properties.put("hookline.dispatch.poll-interval", "50ms");
        properties.put("hookline.routes[0].name", "ci");
        properties.put("hookline.routes[0].match", "gh:push");
        properties.put("hookline.routes[0].handler", "forward");
        properties.put("hookline.routes[0].settings.url", target.url("/ci"));
        properties.put("hookline.routes[0].retry-delays", List.of("100ms", "100ms"));
        properties.put("hookline.routes[1].name", "audit");
        properties.put("hookline.routes[1].match", "gh:push");
        properties.put("hookline.routes[1].handler", "log");
        properties.put("hookline.routes[2].name", "strict");
        properties.put("hookline.routes[2].match", "gh:issues.*");
        properties.put("hookline.routes[2].handler", "forward");
        properties.put("hookline.routes[2].settings.url", target.url("/strict"));
        receiver = RunningReceiver.start(dataDir, properties);
    }

    @AfterAll
    static void stop() {
        try {
            receiver.close();
            target.close();
        } finally {
            root().detachAppender(lines);
        }
    }

    @Test
    void theRequestIdOfTheAnswerIsOnTheRequestLineTheEventItsDeliveriesAndTheirLogLines() {
        target.script("/ci", 503);
        GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);

        HttpResponse<String> answer = receiver.post("/hooks/gh", push.body(), push.headers());

        assertEquals(200, answer.statusCode(), answer.body());
        String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(requestId.matches("req_[0-9a-f]{24}"), requestId);
        String eventId = (String) receiver.json(answer).get("id");
        Map<String, Object> event = awaitProcessed(eventId);
        assertEquals(requestId, event.get("request_id"), "the event's detail names the request that brought it");

        List<TargetServer.Received> forwarded = target.received("/ci").stream()
                .filter(r -> eventId.equals(r.header("webhook-id"))).toList();
        assertEquals(2, forwarded.size(), "one failed attempt, then one that worked");
        assertTrue(forwarded.stream().allMatch(r -> requestId.equals(r.header("X-Hookline-Request-Id"))),
                "every forwarded attempt names the request: " + forwarded.stream()
                        .map(r -> r.header("X-Hookline-Request-Id")).toList());

        ILoggingEvent requestLine = lines.one("the request line", line -> "hookline.requests".equals(line.getLoggerName())
                && requestId.equals(line.getMDCPropertyMap().get("request_id")));
        assertEquals(eventId, requestLine.getMDCPropertyMap().get("event_id"));
        assertEquals("gh", requestLine.getMDCPropertyMap().get("source"));
        Map<String, Object> fields = fields(requestLine);
        assertEquals("gh", fields.get("source"));
        assertEquals(200, fields.get("status"));
        assertEquals("accepted", fields.get("outcome"));
        assertEquals(requestId, fields.get("request_id"));
        assertEquals(eventId, fields.get("event_id"));
        assertEquals("push", fields.get("type"));
        assertEquals(push.deliveryId(), fields.get("key"));
        assertEquals("127.0.0.1", fields.get("client"));
        assertTrue(fields.get("latency_ms") instanceof Number, "latency is a number for JSON: " + fields);
        assertEquals("webhook", requestLine.getFormattedMessage());

        ILoggingEvent handlerLine = lines.one("the log handler's own line", line -> "hookline.events".equals(line.getLoggerName())
                && line.getFormattedMessage().contains(eventId));
        assertEquals(Map.of("source", "gh", "request_id", requestId, "event_id", eventId, "route", "audit"),
                handlerLine.getMDCPropertyMap(), "a handler's line carries the ids without naming them");
        ILoggingEvent retryLine = lines.one("the retry line", line -> line.getFormattedMessage().contains("retrying at")
                && line.getFormattedMessage().contains(eventId));
        assertEquals(Map.of("source", "gh", "request_id", requestId, "event_id", eventId, "route", "ci"),
                retryLine.getMDCPropertyMap());
    }

    @Test
    void aRequestIdTheSenderChoseIsKeptAndNoRequestLeavesItsIdsToTheNext() {
        GitHubDelivery first = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        HttpResponse<String> accepted = receiver.post("/hooks/gh", first.body(),
                with(first.headers(), "X-Request-Id", "sender-trace-4711"));
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("sender-trace-4711", accepted.headers().firstValue("X-Request-Id").orElseThrow());
        String firstEvent = (String) receiver.json(accepted).get("id");

        // Forged, then for an unknown source, then a second event: each its own ids, nothing of the one before.
        HttpResponse<String> forged = receiver.post("/hooks/gh", first.body(),
                with(first.headers(), "X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        Map<String, Object> refusal = WebhookReceiveTestSupport.error(receiver, forged, 401, "signature_invalid");
        String forgedId = (String) ((Map<?, ?>) refusal.get("meta")).get("request_id");
        assertEquals(forgedId, forged.headers().firstValue("X-Request-Id").orElseThrow());
        HttpResponse<String> unknown = receiver.post("/hooks/nowhere", first.body(), first.headers());
        assertEquals(404, unknown.statusCode());
        String unknownId = unknown.headers().firstValue("X-Request-Id").orElseThrow();
        GitHubDelivery second = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        HttpResponse<String> next = receiver.post("/hooks/gh", second.body(), second.headers());
        String secondId = next.headers().firstValue("X-Request-Id").orElseThrow();
        String secondEvent = (String) receiver.json(next).get("id");

        assertEquals("sender-trace-4711", awaitProcessed(firstEvent).get("request_id"));
        assertEquals(secondId, awaitProcessed(secondEvent).get("request_id"));
        assertEquals("sender-trace-4711", target.received("/ci").stream()
                .filter(r -> firstEvent.equals(r.header("webhook-id"))).findFirst().orElseThrow()
                .header("X-Hookline-Request-Id"));

        Map<String, String> forgedLine = lines.one("the forged request's line", line -> requestLineOf(line, forgedId))
                .getMDCPropertyMap();
        assertEquals(Map.of("source", "gh", "request_id", forgedId), forgedLine, "no event id: none was stored");
        Map<String, String> unknownLine = lines.one("the unknown source's line", line -> requestLineOf(line, unknownId))
                .getMDCPropertyMap();
        assertEquals(Map.of("request_id", unknownId), unknownLine, "a name from the URL is no log field");
        assertEquals(secondEvent, lines.one("the second request's line", line -> requestLineOf(line, secondId))
                .getMDCPropertyMap().get("event_id"));
        assertEquals(secondId, lines.one("the second event's handler line",
                line -> "hookline.events".equals(line.getLoggerName()) && line.getFormattedMessage().contains(secondEvent))
                .getMDCPropertyMap().get("request_id"), "a worker that ran the first event does not carry its ids");

        for (ILoggingEvent line : lines.all()) {
            if ("hookline.requests".equals(line.getLoggerName())) {
                assertEquals(fields(line).get("request_id"), line.getMDCPropertyMap().get("request_id"),
                        "each request line's MDC is its own request's: " + line.getFormattedMessage());
            }
            if (line.getThreadName().startsWith("hookline-dispatch-claimer")) {
                assertNull(line.getMDCPropertyMap().get("request_id"), "the claimer works for no one request");
            }
        }
    }

    @Test
    void theDeadLetterLineNamesTheRequestThatBroughtTheEvent() {
        target.script("/strict", 400);
        GitHubDelivery issue = GitHubDelivery.of("issues", GitHubDelivery.payload("issues.opened.json"),
                RunningReceiver.SECRET);
        HttpResponse<String> answer = receiver.post("/hooks/gh", issue.body(), issue.headers());
        String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
        String eventId = (String) receiver.json(answer).get("id");

        ILoggingEvent dead = lines.one("the dead-letter line", line -> line.getFormattedMessage().contains("is dead for route")
                && line.getFormattedMessage().contains(eventId));
        assertEquals(Map.of("source", "gh", "request_id", requestId, "event_id", eventId, "route", "strict"),
                dead.getMDCPropertyMap());
        assertEquals(requestId, target.received("/strict").get(0).header("X-Hookline-Request-Id"));
    }

    @Test
    void aDeliveryWhoseRouteWasRemovedDiesWithTheRequestsIdsOnItsLine(@TempDir Path ownData) throws Exception {
        target.script("/later", 503);
        Map<String, Object> withRoute = new HashMap<>();
        withRoute.put("hookline.dispatch.poll-interval", "50ms");
        withRoute.put("hookline.routes[0].name", "later");
        withRoute.put("hookline.routes[0].match", "gh:push");
        withRoute.put("hookline.routes[0].handler", "forward");
        withRoute.put("hookline.routes[0].settings.url", target.url("/later"));
        withRoute.put("hookline.routes[0].retry-delays", List.of("2s"));
        String requestId;
        String eventId;
        try (RunningReceiver first = RunningReceiver.start(ownData, withRoute)) {
            GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            HttpResponse<String> answer = first.post("/hooks/gh", push.body(), push.headers());
            requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
            eventId = (String) first.json(answer).get("id");
            String id = eventId;
            Eventually.await("the first attempt", WAIT, () -> target.received("/later").stream()
                    .anyMatch(r -> id.equals(r.header("webhook-id"))), found -> found);
        }
        // Started again without the route: its delivery can never run and dies at once.
        try (RunningReceiver second = RunningReceiver.start(ownData, Map.of("hookline.dispatch.poll-interval", "50ms"))) {
            String id = eventId;
            ILoggingEvent dead = lines.one("the dead-letter line", line -> line.getFormattedMessage().contains("is dead for route")
                    && line.getFormattedMessage().contains(id));
            assertEquals(Map.of("source", "gh", "request_id", requestId, "event_id", eventId, "route", "later"),
                    dead.getMDCPropertyMap());
        }
    }

    private static boolean requestLineOf(ILoggingEvent line, String requestId) {
        return "hookline.requests".equals(line.getLoggerName()) && requestId.equals(fields(line).get("request_id"));
    }

    private static Map<String, Object> awaitProcessed(String eventId) {
        return Eventually.await("event " + eventId + " processed", WAIT,
                () -> receiver.json(receiver.send("GET", "/admin/events/" + eventId, null, AUTH)),
                event -> "processed".equals(event.get("status")));
    }

    /** The line's fields as the JSON format writes them: its MDC and its key/value pairs, no key in both. */
    private static Map<String, Object> fields(ILoggingEvent line) {
        List<KeyValuePair> pairs = line.getKeyValuePairs();
        assertNotNull(pairs, "no key/value pairs on: " + line.getFormattedMessage());
        Map<String, Object> fields = new HashMap<>(line.getMDCPropertyMap());
        for (KeyValuePair pair : pairs) {
            assertNull(fields.put(pair.key, pair.value), pair.key + " is both in the MDC and a pair: a JSON line would carry it twice");
        }
        return fields;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
