package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.filters.Where;
import io.hookline.receiver.filters.WhereLanguage;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each form of {@code order-by} gives the key it says, and a malformed one stops the start naming its key. */
class OrderKeyTest {

    private static final String BODY = "{\"data\":{\"object\":{\"customer\":\"cus_1\",\"amount\":1200,\"number\":123456789012,\"rate\":2.5,\"lines\":[{\"id\":\"li_a\"}],"
            + "\"a/b\":\"slash\",\"nothing\":null,\"nested\":{\"x\":1}}}}";

    /** A Stripe invoice event of {@link #BODY}, with a tenant header. */
    private static EventFacts invoice() {
        return new EventFacts("stripe", "stripe", "invoice.paid", "evt_9", Map.of("x-tenant", "t-7"), Instant.now(),
                BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachFormGivesItsKey() {
        EventFacts event = invoice();
        assertEquals("cus_1", OrderKey.parse("/data/object/customer").of(event));
        assertEquals("1200", OrderKey.parse("/data/object/amount").of(event));
        assertEquals("123456789012", OrderKey.parse("/data/object/number").of(event), "an integer's digits, as sent");
        assertEquals("2.5", OrderKey.parse("/data/object/rate").of(event));
        assertEquals("li_a", OrderKey.parse("/data/object/lines/0/id").of(event));
        assertEquals("slash", OrderKey.parse("/data/object/a~1b").of(event));
        assertNull(OrderKey.parse("/data/object/missing").of(event), "a missing field gives no key");
        assertNull(OrderKey.parse("/data/object/nothing").of(event), "null gives no key");
        assertNull(OrderKey.parse("/data/object/nested").of(event), "an object gives no key");
        assertEquals("evt_9", OrderKey.parse("key").of(event));
        assertEquals("stripe", OrderKey.parse("source").of(event));
        assertEquals("invoice.paid", OrderKey.parse("type").of(event));
        assertEquals("t-7", OrderKey.parse("header:X-Tenant").of(event));
        EventFacts notJson = new EventFacts("gh", "github", "push", "d-1", Map.of(), Instant.now(),
                "not json".getBytes(StandardCharsets.UTF_8));
        assertNull(OrderKey.parse("/data").of(notJson), "a body that is not JSON gives no key");
    }

    @Test
    void anExpressionGivesTheKeyItComputes() {
        EventFacts event = invoice();
        assertEquals("cus_1:invoice.paid", OrderKey.parse("body.data.object.customer + ':' + type").of(event));
        assertEquals("t-7/cus_1", OrderKey.parse("headers['x-tenant'] + '/' + body.data.object.customer").of(event));
        assertEquals("1200", OrderKey.parse("body.data.object.amount").of(event), "a body's integer: its digits");
        assertEquals("2.5", OrderKey.parse("body.data.object.rate").of(event));
        assertEquals("2400", OrderKey.parse("body.data.object.amount * 2").of(event));
        assertEquals("true", OrderKey.parse("body.data.object.amount > 1000").of(event));
        assertEquals("5", OrderKey.parse("size(body.data.object.customer)").of(event));
        assertEquals("cus_1", OrderKey.parse("has(body.data.object.tenant) ? body.data.object.tenant"
                + " : body.data.object.customer").of(event));
        assertNull(OrderKey.parse("body.data.object.missing + ':' + type").of(event), "a field not there: no key");
        assertNull(OrderKey.parse("body.data.object.nested").of(event), "an object: no key");
        assertNull(OrderKey.parse("body.data.object.nothing").of(event), "null: no key");
        assertEquals("evt_9", OrderKey.parse("key").of(event), "the plain names as before");

        IllegalArgumentException list = assertThrows(IllegalArgumentException.class, () -> OrderKey.parse("[key, type]"));
        assertEquals("'[key, type]' is not a key: give a JSON pointer into the body (/data/object/customer), key, source,"
                + " type, header:<name>, or an expression over the event as in where: (body.repository.full_name + ':'"
                + " + body.ref); as an expression, line 1, column 1: a key is text, a number or a bool, not 'list(string)'",
                list.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class, () -> OrderKey.parse("received_at"));
        assertTrue(time.getMessage().endsWith("a key is text, a number or a bool, not a timestamp"), time.getMessage());
        IllegalArgumentException credentials = assertThrows(IllegalArgumentException.class,
                () -> OrderKey.parse("type + headers['Authorization']", Set.of("authorization")));
        assertTrue(credentials.getMessage().endsWith("as an expression, line 1, column 15: header 'authorization' carries"
                + " credentials and is never stored: it cannot order deliveries"), credentials.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrderKey.parse("headers.cookie", Set.of("cookie")));
        assertEquals("t-7", OrderKey.parse("headers['x-tenant']", Set.of("authorization")).of(event));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> OrderKey.parse("   "));
        assertTrue(empty.getMessage().startsWith("is empty: give a JSON pointer"), empty.getMessage());
        IllegalArgumentException longOne = assertThrows(IllegalArgumentException.class,
                () -> OrderKey.parse("x".repeat(5000)));
        assertTrue(longOne.getMessage().startsWith("'" + "x".repeat(100) + "…' (5000 characters) is not a key"),
                longOne.getMessage().substring(0, 200));
        assertTrue(longOne.getMessage().length() < 600, "the expression is not repeated whole: " + longOne.getMessage().length());
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> OrderKey.parse("data.customer"));
        assertTrue(undeclared.getMessage().endsWith("as an expression, line 1, column 1: undeclared reference to 'data'"),
                undeclared.getMessage());
    }

    @Test
    void aStoredSubscriptionsPointerWithATildeRefusedSinceStillReadsItsStepAsWritten() {
        EventFacts event = new EventFacts("ac", "hmac", "webhook", "k-1", Map.of(), Instant.now(),
                "{\"a~2\":\"tilde\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> OrderKey.parse("/a~2"));
        assertEquals("tilde", OrderKey.ofStored("/a~2").of(event), "made before the check: still delivered, as then");
    }

    @Test
    void twoLongKeysThatBeginAlikeStayTwoKeysOfTheFirstCharactersAndADigest() {
        String common = "cus_" + "x".repeat(300);
        String first = OrderKey.parse("/customer").of(withCustomer(common + "-1"));
        String second = OrderKey.parse("/customer").of(withCustomer(common + "-2"));
        assertNotEquals(first, second, "keys that differ after their 200th character are two keys");
        assertEquals(OrderKey.MAX_LENGTH, first.length(), first);
        assertTrue(first.startsWith(common.substring(0, 149) + "…sha256:"), first);
        assertTrue(first.substring(149 + 8).matches("[A-Za-z0-9_-]{43}"), "the SHA-256 in base64url: " + first);
        assertEquals(first, OrderKey.parse("/customer").of(withCustomer(common + "-1")), "one key, one stored key");

        String exactly = "k".repeat(OrderKey.MAX_LENGTH);
        assertEquals(exactly, OrderKey.parse("/customer").of(withCustomer(exactly)), "a key of 200 characters is kept");
        String lookalike = common.substring(0, 149) + first.substring(149);
        assertNotEquals(first, OrderKey.parse("/customer").of(withCustomer(lookalike)),
                "a key sent in the form of another's digest is not taken for it");
        String emoji = "a".repeat(148) + "\uD83D\uDE00".repeat(40);
        String stored = OrderKey.parse("/customer").of(withCustomer(emoji));
        assertTrue(stored.startsWith("a".repeat(148) + "…sha256:"), "never half a character: " + stored);

        EventFacts longHeader = new EventFacts("gh", "github", "t".repeat(500), "d".repeat(500),
                Map.of("x-tenant", "h".repeat(500)), Instant.now(), new byte[0]);
        for (String form : List.of("header:x-tenant", "key", "type")) {
            assertEquals(OrderKey.MAX_LENGTH, OrderKey.parse(form).of(longHeader).length(), form + " is bounded too");
        }
    }

    private static EventFacts withCustomer(String customer) {
        return new EventFacts("stripe", "stripe", "invoice.paid", "evt_1", Map.of(), Instant.now(),
                ("{\"customer\":\"" + customer + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyAndAWhereReadOneEventTogether() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(("{\"type\":\"invoice.paid\",\"livemode\":true," + BODY.substring(1)).getBytes(StandardCharsets.UTF_8));
        }
        EventFacts event = new EventFacts("stripe", "stripe", "invoice.paid", "evt_9", Map.of("content-encoding", "gzip"),
                Instant.now(), gzip.toByteArray());
        Where live = WhereLanguage.compile("body.livemode == true");
        OrderKey customer = OrderKey.parse("/data/object/customer");
        event.willRead(live);
        customer.willRead(event);
        assertTrue(live.test(event).matched(), "the where sees its field");
        assertEquals("cus_1", customer.of(event), "the key sees its own, from the same parse of the inflated body");
        assertEquals("true", OrderKey.parse("/livemode").of(event), "a boolean gives its text");
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
        assertTrue(String.valueOf(cause.getMessage()).contains("hookline.routes[0].order-by (route 'ordered'): 'data.customer' is not a key"),
                String.valueOf(cause.getMessage()));
    }
}
