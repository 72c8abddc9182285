package com.example.hookline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.SourceVerifier;
import io.hookline.testkit.CatchUpRecorder;
import io.hookline.testkit.ProviderRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Acme catch-up against a local stand-in of the Acme events API, run with the test kit. */
class AcmeCatchUpTest {

    private static final String TOKEN = "acme-api-token-0123";
    private static final Instant SINCE = Instant.ofEpochSecond(1_800_000_000L);
    private static final String EVENTS = """
            {"events": [
              {"id": "ev_1", "type": "invoice.paid", "created": 1800000100, "body": "{\\"invoice\\":\\"in_1\\"}"},
              {"id": "ev_2", "type": "invoice.voided", "created": 1800000200, "body": "{\\"invoice\\":\\"in_2\\"}"},
              {"id": "ev_3", "type": "invoice.paid", "created": 1800000300, "body": "{\\"invoice\\":\\"in_3\\"}\\n"}
            ], "has_more": false}
            """;

    private final SourceVerifier source = ProviderRun.bind(new AcmeProvider(), List.of("s3cret"), Map.of());
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer api;
    private int status = 200;

    @BeforeEach
    void startTheApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/v1/events", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            boolean allowed = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            int answer = allowed ? status : 401;
            byte[] body = (answer == 200 ? EVENTS : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer == 429) {
                exchange.getResponseHeaders().add("Retry-After", "30");
            }
            exchange.sendResponseHeaders(answer, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.start();
    }

    @AfterEach
    void stopTheApi() {
        api.stop(0);
    }

    @Test
    void whatTheSourceMissedIsFetchedAndStoredOnceWithItsOwnIdentity() throws Exception {
        CatchUpRecorder run = new CatchUpRecorder(source, SINCE).alreadyStored("ev_1");
        catchUp(TOKEN).run(run);

        assertEquals(List.of("GET /v1/events?since=1800000000"), asked);
        assertEquals(3, run.checked());
        assertEquals(List.of("ev_2", "ev_3"), run.keysStored(), "ev_1 came as a webhook and is not fetched again");
        assertEquals(2, run.recovered());
        assertEquals(0, run.failed());
        assertEquals("invoice.voided", run.stored().get(0).type());
        assertEquals("{\"invoice\":\"in_3\"}\n", new String(run.stored().get(1).body(), StandardCharsets.UTF_8),
                "the body exactly as the webhook carried it");
    }

    @Test
    void aRejectedTokenStopsTheRunWithoutNamingTheToken() {
        CatchUpException e = assertThrows(CatchUpException.class,
                () -> catchUp("a-revoked-token").run(new CatchUpRecorder(source, SINCE)));
        assertEquals(CatchUpException.Cause.CREDENTIALS_REJECTED, e.failureCause());
        assertTrue(e.getMessage().startsWith("Acme answered 401 to GET http://127.0.0.1:"), e.getMessage());
        assertFalse(e.getMessage().contains("a-revoked-token"), e.getMessage());
    }

    @Test
    void aRateLimitSaysWhenToAskAgain() {
        status = 429;
        CatchUpException e = assertThrows(CatchUpException.class,
                () -> catchUp(TOKEN).run(new CatchUpRecorder(source, SINCE)));
        assertEquals(CatchUpException.Cause.RATE_LIMITED, e.failureCause());
        assertTrue(e.retryAt().isAfter(Instant.now().plusSeconds(20)), String.valueOf(e.retryAt()));
    }

    @Test
    void anAnswerWithoutEndStopsTheRunAtTheLimitInsteadOfFillingTheHeap() {
        api.createContext("/endless/events", exchange -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            exchange.sendResponseHeaders(200, 0); // no length: chunked, until the client hangs up
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException clientGone) {
                // the catch-up stopped reading
            }
        });
        String endless = "http://127.0.0.1:" + api.getAddress().getPort() + "/endless";
        CatchUp catchUp = source.catchUp(CatchUpRecorder.settings("acme", Map.of("api-url", endless, "token", TOKEN)))
                .orElseThrow();
        CatchUpException e = assertThrows(CatchUpException.class, () -> catchUp.run(new CatchUpRecorder(source, SINCE)));
        assertEquals(CatchUpException.Cause.UNEXPECTED_ANSWER, e.failureCause());
        assertEquals("Acme's answer to GET " + endless + "/events?since=1800000000 is larger than 16 MB, the most a"
                + " call reads; the rest was not read", e.getMessage());
    }

    @Test
    void anUnknownReconcileSettingStopsTheReceiverAtStartNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.catchUp(
                CatchUpRecorder.settings("acme", Map.of("api-url", url(), "token", TOKEN, "tokn", "x"))));
        assertTrue(e.getMessage().startsWith("hookline.sources.test-source.reconcile.tokn"), e.getMessage());
    }

    private CatchUp catchUp(String token) {
        return source.catchUp(CatchUpRecorder.settings("acme", Map.of("api-url", url(), "token", token))).orElseThrow();
    }

    private String url() {
        return "http://127.0.0.1:" + api.getAddress().getPort() + "/v1/";
    }
}
