package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.StoredEvent;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import io.hookline.spi.AttemptFailure;
import io.hookline.testkit.HandlerRun;
import io.hookline.testkit.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwardHandlerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final ForwardHandler forward = new ForwardHandler();
    private final AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
    private final AtomicReference<byte[]> body = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void startTarget() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            headers.set(Map.copyOf(exchange.getRequestHeaders()));
            body.set(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopTarget() {
        server.stop(0);
    }

    @Test
    void forwardedEventVerifiesWithTheOfficialStandardWebhooksLibrary() throws Exception {
        String payload = "{\"text\":\"caf\u00e9 \\u00e9\"}";
        HandlerRun.Outcome outcome = HandlerRun.run(forward, Map.of("url", url("/ok"), "secret", SECRET),
                Duration.ofSeconds(5), TestEvents.of("push", payload.getBytes(StandardCharsets.UTF_8)));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), body.get());
        Map<String, List<String>> lower = new java.util.HashMap<>();
        headers.get().forEach((name, values) -> lower.put(name.toLowerCase(), values));
        new Webhook(SECRET).verify(payload, lower);
        assertEquals(List.of("evt_01TESTKIT0000000000000000"), lower.get("webhook-id"));
    }

    @Test
    void aBodyThatArrivedCompressedIsForwardedAsItWasWithItsContentEncoding() {
        byte[] gzipped = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        StoredEvent sent = TestEvents.of("push", gzipped);
        StoredEvent compressed = new StoredEvent(sent.id(), sent.source(), sent.provider(), sent.type(), sent.key(),
                sent.receivedAt(), sent.occurredAt(), Map.of("content-type", "application/json", "content-encoding", "gzip"),
                gzipped);
        HandlerRun.Outcome outcome = HandlerRun.run(forward, Map.of("url", url("/ok")), Duration.ofSeconds(5), compressed);
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertArrayEquals(gzipped, body.get(), "the bytes the sender sent");
        assertEquals(List.of("gzip"), headers.get().get("Content-encoding"), "and how to read them");
    }

    @Test
    void theRequestThatBroughtTheEventIsNamedOnEachDelivery() {
        StoredEvent sent = TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8));
        StoredEvent withRequest = new StoredEvent(sent.id(), sent.source(), sent.provider(), sent.type(), sent.key(),
                sent.receivedAt(), sent.occurredAt(), sent.headers(), sent.body(), "req_5e1f0c2a9b7d4e6f8a0b1c2d");
        assertTrue(HandlerRun.run(forward, Map.of("url", url("/ok")), Duration.ofSeconds(5), withRequest).succeeded());
        assertEquals(List.of("req_5e1f0c2a9b7d4e6f8a0b1c2d"), headers.get().get("X-hookline-request-id"));
        assertTrue(HandlerRun.run(forward, Map.of("url", url("/ok")), Duration.ofSeconds(5), sent).succeeded());
        assertEquals(null, headers.get().get("X-hookline-request-id"), "an event stored before ids were kept has none");
    }

    @Test
    void aTypeNoHeaderCanHoldIsDeliveredPercentEncodedInItsHeader() {
        for (String type : List.of("開く", "issues.opened\nx", "a\0b", "100%")) {
            HandlerRun.Outcome outcome = HandlerRun.run(forward, Map.of("url", url("/ok")), Duration.ofSeconds(5),
                    TestEvents.of(type, "{}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(outcome.succeeded(), type + ": " + outcome.thrown());
            String carried = headers.get().get("X-hookline-event-type").get(0);
            assertEquals(type, CarriedText.decode(carried), carried);
        }
        assertEquals(List.of("%E9%96%8B%E3%81%8F"), runAndReadType("開く"));
        assertEquals(List.of("push"), runAndReadType("push"), "an ordinary type is carried as it is");
    }

    private List<String> runAndReadType(String type) {
        HandlerRun.run(forward, Map.of("url", url("/ok")), Duration.ofSeconds(5),
                TestEvents.of(type, "{}".getBytes(StandardCharsets.UTF_8)));
        return headers.get().get("X-hookline-event-type");
    }

    @Test
    void redirectIsNotFollowedAndFailsWithItsStatus() {
        HandlerRun.Outcome outcome = run(Map.of("url", url("/moved")));
        assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, outcome.failure(), "dead, not retried");
        assertEquals(302, assertInstanceOf(DownstreamStatusException.class, outcome.thrown()).status());
    }

    @Test
    void whatTheTargetAnsweredIsReportedWithTheAttempt() {
        HandlerRun.Outcome outcome = run(Map.of("url", url("/busy")));
        assertEquals(429, outcome.answer().status());
        assertEquals("120", outcome.answer().headers().get("retry-after"));
        assertEquals(url("/busy"), outcome.answer().url());
    }

    @Test
    void retryAfterOfTheTargetIsPassedOn() {
        HandlerRun.Outcome outcome = run(Map.of("url", url("/busy")));
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, outcome.failure(), "retried");
        DownstreamStatusException e = assertInstanceOf(DownstreamStatusException.class, outcome.thrown());
        assertEquals(429, e.status());
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
    }

    @Test
    void refusedConnectionIsAnIoFailure() {
        server.stop(0);
        HandlerRun.Outcome outcome = run(Map.of("url", url("/ok")));
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, outcome.failure(), "retried");
        assertInstanceOf(ConnectException.class, outcome.thrown());
    }

    @Test
    void badSettingsAreRefusedAtStart() {
        assertEquals("hookline.routes[0].settings.url is required: where to POST the event",
                refused(Map.of()));
        assertEquals("hookline.routes[0].settings.url must be an http or https URL with a host",
                refused(Map.of("url", "ftp://x/y")));
        assertEquals("hookline.routes[0].settings.secret must be a Standard Webhooks secret: 'whsec_' followed by base64",
                refused(Map.of("url", "http://x/", "secret", "whsec_!!")));
        assertEquals("hookline.routes[0].settings.ulr: unknown setting (known: [secret, url])",
                refused(Map.of("ulr", "http://x/")));
    }

    private String refused(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class,
                () -> forward.bind(HandlerRun.route(settings, Duration.ofSeconds(5)))).getMessage();
    }

    private HandlerRun.Outcome run(Map<String, String> settings) {
        return HandlerRun.run(forward, settings, Duration.ofSeconds(5), TestEvents.of("push", new byte[] {'{', '}'}));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
