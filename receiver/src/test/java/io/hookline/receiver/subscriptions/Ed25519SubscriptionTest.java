package io.hookline.receiver.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.IndependentEd25519;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions that sign with Ed25519 ({@code v1a}), over real HTTP: each delivery checked at a
 * loopback target by BouncyCastle's Ed25519 with the {@code whpk_} public key the admin API showed,
 * an implementation independent of the JDK's that signed; {@code v1} entries by the official
 * Standard Webhooks library.
 */
class Ed25519SubscriptionTest {

    private static final byte[] PUSH = GitHubDelivery.payload("push.json");

    @TempDir
    Path dataDir;

    @Test
    void anEd25519SubscriptionShowsItsPublicKeyAndItsDeliveriesVerifyWithIt() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            Map<String, Object> created = create(receiver, "{\"name\":\"ledger\",\"url\":\"" + target.url("/ledger")
                    + "\",\"events\":[\"gh:push\"],\"signing\":\"ed25519\"}");
            String id = (String) created.get("id");
            String publicKey = (String) created.get("public_key");
            assertEquals("ed25519", created.get("signing"));
            assertTrue(publicKey.startsWith("whpk_") && publicKey.length() == 49, created.toString());
            assertNull(created.get("secret"), "an Ed25519 subscription has no shared secret: " + created);
            Map<String, Object> shown = get(receiver, id);
            assertEquals(publicKey, shown.get("public_key"), "the public key is not secret: every answer shows it");
            assertEquals("ed25519", shown.get("signing"));

            String pushId = post(receiver, PUSH);
            TargetServer.Received delivered = awaitDeliveries(target, "/ledger", 1).get(0);
            String signature = delivered.header("webhook-signature");
            assertTrue(signature.matches("v1a,[A-Za-z0-9+/]{86}=="), "one v1a entry, no v1: " + signature);
            assertEquals(pushId, delivered.header("webhook-id"));
            assertTrue(verifies(publicKey, delivered), "BouncyCastle verifies the delivery with the public key shown");
            byte[] tampered = Arrays.copyOf(delivered.body(), delivered.body().length);
            tampered[0] ^= 1;
            assertFalse(IndependentEd25519.verifies(publicKey, delivered.header("webhook-id"),
                    delivered.header("webhook-timestamp"), tampered, signature), "and refuses a changed body");

            assertEquals(200, SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions/" + id + "/test", null)
                    .statusCode());
            TargetServer.Received test = awaitDeliveries(target, "/ledger", 2).get(1);
            assertTrue(verifies(publicKey, test), "the test message is signed the same way");
        }
        assertNoPrivateKeyInClear(dataDir);
    }

    @Test
    void aRotationKeepsTheOldKeySigningAndMayMoveFromHmacToEd25519() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            Map<String, Object> created = create(receiver, "{\"name\":\"ci\",\"url\":\"" + target.url("/ci")
                    + "\",\"events\":[\"gh:push\"]}");
            String id = (String) created.get("id");
            String secret = (String) created.get("secret");
            assertEquals("hmac", created.get("signing"), "HMAC stays the default");
            assertNull(created.get("public_key"));

            Map<String, Object> toEd25519 = rotate(receiver, id, "{\"signing\":\"ed25519\"}");
            String first = (String) toEd25519.get("public_key");
            assertEquals("ed25519", toEd25519.get("signing"));
            assertNull(toEd25519.get("secret"));
            post(receiver, PUSH);
            TargetServer.Received moving = awaitDeliveries(target, "/ci", 1).get(0);
            assertEquals(List.of("v1a", "v1"), schemes(moving), "the new key first, the old secret beside it in the grace");
            verifyV1(secret, moving);
            assertTrue(verifies(first, moving));

            Map<String, Object> again = rotate(receiver, id, null);
            String second = (String) again.get("public_key");
            assertFalse(first.equals(second), "a new key pair");
            assertEquals("ed25519", again.get("signing"), "a rotation keeps the scheme unless told");
            post(receiver, PUSH);
            TargetServer.Received rotated = awaitDeliveries(target, "/ci", 2).get(1);
            assertEquals(List.of("v1a", "v1a"), schemes(rotated), rotated.header("webhook-signature"));
            assertTrue(verifies(first, rotated), "the previous key still signs during the grace");
            assertTrue(verifies(second, rotated), "and the new one");
        }
        assertNoPrivateKeyInClear(dataDir);
    }

    @Test
    void bothSchemesSignEveryDeliveryWhenAsked() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            Map<String, Object> created = create(receiver, "{\"name\":\"both\",\"url\":\"" + target.url("/both")
                    + "\",\"events\":[\"gh:push\"],\"signing\":\"both\"}");
            String secret = (String) created.get("secret");
            String publicKey = (String) created.get("public_key");
            assertTrue(secret.startsWith("whsec_") && publicKey.startsWith("whpk_"), created.toString());
            post(receiver, PUSH);
            TargetServer.Received delivered = awaitDeliveries(target, "/both", 1).get(0);
            assertEquals(List.of("v1", "v1a"), schemes(delivered));
            verifyV1(secret, delivered);
            assertTrue(verifies(publicKey, delivered));
        }
    }

    @Test
    void aSigningSchemeThatCannotBeIsA400NamingTheField() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(false))) {
            String target = "\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]";
            assertInvalid(SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"a\"," + target + ",\"signing\":\"rsa\"}"),
                    "signing: \"hmac\" (v1 signatures, the default), \"ed25519\" (v1a) or \"both\"");
            assertInvalid(SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"a\"," + target + ",\"signing\":\"ed25519\",\"secret\":\"whsec_"
                    + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}"), "secret: an ed25519 subscription signs with a key pair");
            String id = (String) create(receiver, "{\"name\":\"b\"," + target + "}").get("id");
            assertInvalid(SubscriptionsTest.admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"signing\":\"ed25519\"}"), "signing: the signing scheme is changed with POST");
            HttpResponse<String> typo = SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions/" + id
                    + "/rotate-secret", "{\"sign\":\"ed25519\"}");
            assertEquals(400, typo.statusCode(), typo.body());
            assertTrue(typo.body().contains("sign: not a field of a rotation"), typo.body());
        }
    }

    private static boolean verifies(String publicKey, TargetServer.Received delivery) {
        return IndependentEd25519.verifies(publicKey, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
                delivery.body(), delivery.header("webhook-signature"));
    }

    /** The official library verifies the {@code v1} entry; it skips {@code v1a} ones. */
    private static void verifyV1(String secret, TargetServer.Received delivery) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(delivery.header(name)));
        }
        new Webhook(secret).verify(new String(delivery.body(), StandardCharsets.UTF_8), headers);
    }

    private static List<String> schemes(TargetServer.Received delivery) {
        return Arrays.stream(delivery.header("webhook-signature").split(" ")).map(entry -> entry.split(",")[0]).toList();
    }

    private static void assertInvalid(HttpResponse<String> answer, String words) {
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("invalid_subscription") && answer.body().contains(words.replace("\"", "\\\"")),
                answer.body());
    }

    private static Map<String, Object> create(RunningReceiver receiver, String body) {
        HttpResponse<String> answer = SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions", body);
        assertEquals(201, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static Map<String, Object> rotate(RunningReceiver receiver, String id, String body) {
        HttpResponse<String> answer = SubscriptionsTest.admin(receiver, "POST", "/admin/subscriptions/" + id
                + "/rotate-secret", body);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static Map<String, Object> get(RunningReceiver receiver, String id) {
        return receiver.json(SubscriptionsTest.admin(receiver, "GET", "/admin/subscriptions/" + id, null));
    }

    private static String post(RunningReceiver receiver, byte[] body) {
        GitHubDelivery delivery = GitHubDelivery.of("push", body, RunningReceiver.SECRET);
        HttpResponse<String> answer = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) receiver.json(answer).get("id");
    }

    private static List<TargetServer.Received> awaitDeliveries(TargetServer target, String path, int count) {
        return Eventually.await(count + " deliveries at " + path, Duration.ofSeconds(15), () -> target.received(path),
                received -> received.size() >= count);
    }

    /** No file of the data directory (database, its journal, logs) holds a private or HMAC key in clear. */
    private static void assertNoPrivateKeyInClear(Path dataDir) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (text.contains("whsk_") || text.contains("whsec_")) {
                    found.add(file.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
