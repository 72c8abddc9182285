package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
