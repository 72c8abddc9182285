package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.RunningReceiver;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each form of {@code order-by} gives the key it says, and a malformed one stops the start naming its key. */
class OrderKeyTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String BODY = "{\"data\":{\"object\":{\"customer\":\"cus_1\",\"amount\":1200,\"lines\":[{\"id\":\"li_a\"}],"
            + "\"a/b\":\"slash\",\"nothing\":null,\"nested\":{\"x\":1}}}}";

    @Test
    void eachFormGivesItsKey() {
        EventFields event = new EventFields("stripe", "stripe", "invoice.paid", "evt_9", Map.of("x-tenant", "t-7"),
                BODY.getBytes(StandardCharsets.UTF_8), JSON);
        assertEquals("cus_1", OrderKey.parse("/data/object/customer").of(event));
        assertEquals("1200", OrderKey.parse("/data/object/amount").of(event));
        assertEquals("li_a", OrderKey.parse("/data/object/lines/0/id").of(event));
        assertEquals("slash", OrderKey.parse("/data/object/a~1b").of(event));
        assertNull(OrderKey.parse("/data/object/missing").of(event), "a missing field gives no key");
        assertNull(OrderKey.parse("/data/object/nothing").of(event), "null gives no key");
        assertNull(OrderKey.parse("/data/object/nested").of(event), "an object gives no key");
        assertEquals("evt_9", OrderKey.parse("key").of(event));
        assertEquals("stripe", OrderKey.parse("source").of(event));
        assertEquals("invoice.paid", OrderKey.parse("type").of(event));
        assertEquals("t-7", OrderKey.parse("header:X-Tenant").of(event));
        EventFields notJson = new EventFields("gh", "github", "push", "d-1", Map.of(),
                "not json".getBytes(StandardCharsets.UTF_8), JSON);
        assertNull(OrderKey.parse("/data").of(notJson), "a body that is not JSON gives no key");
    }

    @Test
    void aMalformedOrderByStopsTheStartNamingItsKey(@TempDir Path dataDir) {
        Exception refused = assertThrows(Exception.class, () -> RunningReceiver.start(dataDir,
                OrderedDeliveryTest.orderedRoute(null, Map.of("hookline.routes[0].order-by", "data.customer",
                        "hookline.routes[0].settings.url", "http://127.0.0.1:9/"))).close());
        Throwable cause = refused;
        while (!(cause instanceof ConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("hookline.routes[0].order-by: 'data.customer' is not a key"),
                String.valueOf(cause.getMessage()));
    }
}
