package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.spi.AttemptFailure;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A Stripe source's thin-event settings as bound, and how a thin event is keyed with them. */
class StripeThinEventsTest {

    private static final String THIN = "{\"id\":\"evt_test_thin1\",\"object\":\"v2.core.event\","
            + "\"type\":\"v1.customer.created\",\"livemode\":false,\"created\":\"2026-01-05T10:00:00.000Z\","
            + "\"context\":null,\"snapshot_event\":\"evt_1Snapshot\",\"related_object\":{\"id\":\"cus_1\","
            + "\"type\":\"customer\",\"url\":\"/v1/customers/cus_1\"}}";

    @Test
    void fetchingIsOffUnlessAsked() {
        assertTrue(bind(Map.of()).eventFetch().isEmpty());
        assertTrue(bind(Map.of("fetch-thin-events", "true", "api-key", "rk_test_x")).eventFetch().isPresent());
    }

    @Test
    void eachSettingThatCannotWorkIsRefusedByItsKey() {
        assertEquals("hookline.sources.st.settings.api-key: required with fetch-thin-events: a key that may read"
                + " events (Stripe's API v2 takes secret keys, sk_...; a restricted key, rk_..., where Stripe accepts one)",
                refused(Map.of("fetch-thin-events", "true")));
        assertEquals("hookline.sources.st.settings.api-key: is used only with"
                + " hookline.sources.st.settings.fetch-thin-events: true", refused(Map.of("api-key", "rk_test_x")));
        assertEquals("hookline.sources.st.settings.fetch-thin-events: 'yes' is not true or false",
                refused(Map.of("fetch-thin-events", "yes", "api-key", "rk_test_x")));
        assertEquals("hookline.sources.st.settings.merge-snapshot-twins: 'on' is not true or false",
                refused(Map.of("merge-snapshot-twins", "on")));
    }

    @Test
    void aThinEventIsKeyedOnItsSnapshotTwinOnlyWhenAsked() {
        assertEquals("evt_test_thin1", bind(Map.of()).identify(request(THIN)).key());
        assertEquals("evt_1Snapshot", bind(Map.of("merge-snapshot-twins", "true")).identify(request(THIN)).key());
        assertEquals("v1.customer.created", bind(Map.of("merge-snapshot-twins", "true")).identify(request(THIN)).type());
        String snapshot = "{\"id\":\"evt_1Snapshot\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1}";
        assertEquals("evt_1Snapshot", bind(Map.of("merge-snapshot-twins", "true")).identify(request(snapshot)).key());
    }

    @Test
    void aSnapshotEventHasNothingToFetch() throws Exception {
        String snapshot = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1}";
        StoredEvent stored = new StoredEvent("evt_01", "st", "stripe", "customer.created", "evt_1", Instant.now(), null,
                Map.of(), snapshot.getBytes(StandardCharsets.UTF_8));
        // No call is made: the API address is one nothing listens on.
        assertFalse(bind(Map.of("fetch-thin-events", "true", "api-key", "rk_test_x", "api-url", "http://127.0.0.1:9"))
                .eventFetch().orElseThrow().fetch(stored).isPresent());
    }

    @Test
    void onlyTheEventAskedForIsKeptAndTheCallIsPlainHttp11() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> seen = new ConcurrentHashMap<>();
        String[] answer = {"text/html", "<html><body>Sign in to the proxy</body></html>"};
        api.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer[0]);
            exchange.sendResponseHeaders(answer[0].isEmpty() ? 404 : 200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException closedEarly) {
                // the client stopped reading past its bound
            }
        });
        api.start();
        try {
            EventFetch fetch = bind(Map.of("fetch-thin-events", "true", "api-key", "sk_test_x",
                    "api-url", "http://127.0.0.1:" + api.getAddress().getPort())).eventFetch().orElseThrow();
            StoredEvent thin = new StoredEvent("evt_01", "st", "stripe", "v1.customer.created", "evt_test_thin1",
                    Instant.now(), null, Map.of(), THIN.getBytes(StandardCharsets.UTF_8));
            String call = "the Stripe fetch of event evt_test_thin1 (GET http://127.0.0.1:" + api.getAddress().getPort()
                    + "/v2/core/events/evt_test_thin1)";

            Exception page = assertThrows(TransientFailureException.class, () -> fetch.fetch(thin));
            assertEquals(call + ": Stripe answered 200 with something that is not a JSON event (Content-Type text/html):"
                    + " a proxy's page? It is not kept; the attempt is retried", page.getMessage());
            assertEquals("Hookline", seen.get("user-agent"));
            assertFalse(seen.containsKey("upgrade"), "no h2c upgrade over http: " + seen);

            answer[0] = "application/json";
            answer[1] = "{\"id\":\"evt_other\",\"object\":\"v2.core.event\"}";
            Exception other = assertThrows(DownstreamStatusException.class, () -> fetch.fetch(thin));
            assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, AttemptFailure.of(other));
            assertEquals(call + ": Stripe answered 200 with v2.core.event evt_other, not v2.core.event evt_test_thin1"
                    + " (is settings.api-url Stripe's API?)", other.getMessage());

            answer[1] = "{\"id\":\"evt_test_thin1\",\"object\":\"v2.core.event\",\"pad\":\""
                    + "x".repeat(StripeThinEvents.MAX_EVENT_BYTES) + "\"}";
            Exception large = assertThrows(DownstreamStatusException.class, () -> fetch.fetch(thin));
            assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, AttemptFailure.of(large));
            assertEquals(call + ": the answer is larger than 4 MB, which no Stripe event is (is settings.api-url"
                    + " Stripe's API?)", large.getMessage());

            answer[1] = "{\"id\":\"evt_test_thin1\",\"object\":\"v2.core.event\",\"data\":{}}";
            assertEquals(answer[1], new String(fetch.fetch(thin).orElseThrow(), StandardCharsets.UTF_8));

            answer[0] = "";
            answer[1] = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"not_found\"}}";
            Exception gone = assertThrows(DownstreamStatusException.class, () -> fetch.fetch(thin));
            assertEquals(call + ": Stripe answered 404: the event is not there (gone: Stripe keeps events 30 days;"
                    + " or of another account or sandbox than the key's)", gone.getMessage());
        } finally {
            api.stop(0);
        }
    }

    private static SourceVerifier bind(Map<String, String> settings) {
        return new StripeProvider().bind(new SourceSettings("st", "stripe", List.of("whsec_x"), settings));
    }

    private static String refused(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> bind(settings)).getMessage();
    }

    private static InboundRequest request(String body) {
        return InboundRequest.of("st", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
