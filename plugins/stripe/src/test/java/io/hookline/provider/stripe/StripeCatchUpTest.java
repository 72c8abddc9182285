package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Stripe source's catch-up as bound from its reconcile block, and Stripe's event list as read. */
class StripeCatchUpTest {

    private final SourceVerifier source = new StripeProvider().bind(new SourceSettings("st", "stripe", List.of("s"),
            Map.of()));

    @Test
    void anApiKeyMakesACatchUpThatLooksBackThirtyDays() {
        assertEquals(Duration.ofDays(30), source.catchUp(settings(Map.of("api-key", "rk_test_x"))).orElseThrow().reach());
    }

    @Test
    void eachSettingThatCannotWorkIsRefusedByItsKey() {
        assertEquals("hookline.sources.st.reconcile.api-key is required (from the environment, like every secret)",
                refused(Map.of()));
        assertEquals("hookline.sources.st.reconcile.token does not apply to this source's provider: it is GitHub's;"
                + " Stripe takes api-key", refused(Map.of("api-key", "rk_x", "token", "ghp_x")));
        assertEquals("hookline.sources.st.reconcile.hook does not apply to this source's provider: it is GitHub's",
                refused(Map.of("api-key", "rk_x", "hook", "repos/a/b/hooks/1")));
        assertEquals("hookline.sources.st.reconcile.api-kee: unknown setting (known: [api-key, api-url])",
                refused(Map.of("api-kee", "rk_x")));
    }

    @Test
    void eachEventIsTheBytesStripesAnswerHeldForIt() throws IOException {
        String first = "{\"id\":\"evt_2\",\"object\":\"event\",\"data\":{\"object\":{\"id\":\"cus_1\"}},\"type\":\"customer.created\"}";
        String second = "{ \"object\" : \"event\", \"id\" : \"evt_1\", \"type\" : \"customer.updated\" }";
        String page = "{\"object\":\"list\",\"data\":[" + first + ",\n  " + second + "],\"has_more\":true,\"url\":\"/v1/events\"}";
        StripeEvents.Page parsed = StripeEvents.parse(page.getBytes(StandardCharsets.UTF_8));
        assertTrue(parsed.hasMore());
        assertEquals(List.of("evt_2", "evt_1"), parsed.events().stream().map(StripeEvents.Fetched::id).toList());
        assertEquals(List.of(first, second), parsed.events().stream()
                .map(event -> new String(event.body(), StandardCharsets.UTF_8)).toList());
    }

    private static CatchUpSettings settings(Map<String, String> block) {
        return new CatchUpSettings("st", "stripe", block);
    }

    private String refused(Map<String, String> block) {
        return assertThrows(IllegalArgumentException.class, () -> source.catchUp(settings(block))).getMessage();
    }
}
