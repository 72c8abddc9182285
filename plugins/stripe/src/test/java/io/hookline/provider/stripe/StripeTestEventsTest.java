package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Stripe event of the account's test mode is a test event; its failures stay out of Sentry in production. */
class StripeTestEventsTest {

    private final SourceVerifier source = new StripeProvider()
            .bind(new SourceSettings("st", "stripe", List.of("whsec_x"), Map.of()));

    @Test
    void anEventOfTestModeIsATestEvent() throws IOException {
        try (InputStream in = getClass()
                .getResourceAsStream("/payloads/stripe/customer.created.stripe-dotnet-signed-fixture.json")) {
            assertTrue(source.isTestEvent(event(in.readAllBytes())), "the fixture has \"livemode\": false");
        }
    }

    @Test
    void aLiveEventIsNotEvenWhenAnObjectInsideItSaysTestMode() {
        assertFalse(source.isTestEvent(event("{\"id\":\"evt_1\",\"type\":\"customer.created\",\"livemode\":true,"
                + "\"data\":{\"object\":{\"livemode\":false}}}")));
    }

    @Test
    void anEventWithoutLivemodeOrThatIsNotJsonIsNotATestEvent() {
        assertFalse(source.isTestEvent(event("{\"id\":\"evt_1\",\"type\":\"customer.created\"}")));
        assertFalse(source.isTestEvent(event("{\"livemode\":")));
        assertFalse(source.isTestEvent(event((byte[]) null)));
    }

    private static StoredEvent event(String body) {
        return event(body.getBytes(StandardCharsets.UTF_8));
    }

    private static StoredEvent event(byte[] body) {
        return new StoredEvent("evt_01TEST", "st", "stripe", "customer.created", "evt_1", Instant.now(), null,
                Map.of("content-type", "application/json"), body);
    }
}
