package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.IndependentEd25519;
import io.hookline.receiver.testing.Payloads;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard Webhooks' asymmetric {@code v1a} signatures over real HTTP: a sender signing with
 * BouncyCastle's Ed25519 (not the JDK's, which Hookline verifies with), sources configured with
 * {@code whpk_} public keys, alone, two at once (rotation), or beside a {@code whsec_} secret.
 */
class StandardWebhooksV1aTest {

    private static final byte[] BODY = Payloads.bytes("standard-webhooks/contact.created.full.spec.json");
    private static final IndependentEd25519.KeyPair CURRENT = new IndependentEd25519.KeyPair();
    private static final IndependentEd25519.KeyPair NEXT = new IndependentEd25519.KeyPair();
    private static final IndependentEd25519.KeyPair STRANGER = new IndependentEd25519.KeyPair();

    @TempDir
    static Path dataDir;

    static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.sources.keys.provider", "standard-webhooks");
        config.put("hookline.sources.keys.secrets", List.of(CURRENT.whpk(), NEXT.whpk()));
        config.put("hookline.sources.mixed.provider", "standard-webhooks");
        config.put("hookline.sources.mixed.secrets", List.of(Signers.STANDARD_SECRET, CURRENT.whpk()));
        receiver = RunningReceiver.start(dataDir, config);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aV1aSignatureFromTheConfiguredKeyIsStoredOnce() {
        long now = now();
        HttpResponse<String> first = post("keys", "msg_v1a_accepted", now, BODY, CURRENT.v1a("msg_v1a_accepted", now, BODY));
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("accepted", receiver.json(first).get("status"), first.body());
        HttpResponse<String> again = post("keys", "msg_v1a_accepted", now, BODY, CURRENT.v1a("msg_v1a_accepted", now, BODY));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("duplicate", receiver.json(again).get("status"), "the same webhook-id is one event: " + again.body());
        assertEquals(1, receiver.count("SELECT count(*) FROM events WHERE source = 'keys' AND idempotency_key = ?",
                "msg_v1a_accepted"));
    }

    @Test
    void aTamperedBodyIsRefused() {
        long now = now();
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("John", "Jane").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> error = refused(post("keys", "msg_tampered", now, tampered,
                CURRENT.v1a("msg_tampered", now, BODY)), "signature_invalid");
        assertEquals("webhook-signature has no v1a entry that matches with any configured public key", error.get("detail"));
    }

    @Test
    void aKeyThatIsNotConfiguredIsRefused() {
        long now = now();
        refused(post("keys", "msg_stranger", now, BODY, STRANGER.v1a("msg_stranger", now, BODY)), "signature_invalid");
    }

    @Test
    void aStaleTimestampIsAReplayEvenWithAGoodSignature() {
        long stale = now() - 301;
        Map<String, Object> error = refused(post("keys", "msg_stale", stale, BODY, CURRENT.v1a("msg_stale", stale, BODY)),
                "replay_rejected");
        assertTrue(String.valueOf(error.get("detail")).contains("this source accepts 300 s either way"), error.toString());
    }

    @Test
    void duringARotationEitherKeyIsAcceptedAndAHeaderMayCarryBoth() {
        long now = now();
        assertEquals(200, post("keys", "msg_new_key", now, BODY, NEXT.v1a("msg_new_key", now, BODY)).statusCode());
        assertEquals(200, post("keys", "msg_old_key", now, BODY, CURRENT.v1a("msg_old_key", now, BODY)).statusCode());
        HttpResponse<String> both = post("keys", "msg_two_entries", now, BODY,
                STRANGER.v1a("msg_two_entries", now, BODY) + " " + NEXT.v1a("msg_two_entries", now, BODY));
        assertEquals(200, both.statusCode(), both.body());
    }

    @Test
    void aMixedV1AndV1aHeaderIsAcceptedWhereEitherKeyIsConfigured() {
        long now = now();
        String v1 = Signers.standardWebhooks(BODY, "msg_mixed", now).get("Webhook-Signature").split(" ")[1];
        String mixed = v1 + " " + CURRENT.v1a("msg_mixed", now, BODY);
        assertEquals(200, post("mixed", "msg_mixed", now, BODY, mixed).statusCode(), "secret and public key");
        assertEquals(200, post("keys", "msg_mixed", now, BODY, mixed).statusCode(), "public keys only: the v1a entry");
        assertEquals(200, post("sw", "msg_mixed", now, BODY, mixed).statusCode(), "secrets only: the v1 entry");
        String badV1 = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= " + CURRENT.v1a("msg_mixed_v1a", now, BODY);
        assertEquals(200, post("mixed", "msg_mixed_v1a", now, BODY, badV1).statusCode(), "a wrong v1 beside a good v1a");
    }

    @Test
    void v1aSentToASourceWithoutPublicKeySaysSo() {
        long now = now();
        Map<String, Object> error = refused(post("sw", "msg_no_key", now, BODY, CURRENT.v1a("msg_no_key", now, BODY)),
                "signature_invalid");
        assertEquals("only v1a (Ed25519) signatures were sent and source sw has no whpk_ public key; it verifies v1"
                + " (HMAC) signatures", error.get("detail"));
    }

    @Test
    void v1SentToASourceWithOnlyPublicKeysSaysSo() {
        long now = now();
        String v1 = Signers.standardWebhooks(BODY, "msg_v1_only", now).get("Webhook-Signature").split(" ")[1];
        Map<String, Object> error = refused(post("keys", "msg_v1_only", now, BODY, v1), "signature_invalid");
        assertEquals("only v1 (HMAC) signatures were sent and source keys has no whsec_ secret; it verifies v1a"
                + " (Ed25519) signatures", error.get("detail"));
    }

    private static Map<String, Object> refused(HttpResponse<String> response, String code) {
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 401, code);
        assertEquals(0, receiver.count("SELECT count(*) FROM events WHERE idempotency_key = ?",
                String.valueOf(response.request().headers().firstValue("webhook-id").orElse(""))), "nothing stored");
        return error;
    }

    private static HttpResponse<String> post(String source, String id, long timestamp, byte[] body, String signature) {
        return receiver.post("/hooks/" + source, body, Map.of("Content-Type", "application/json", "webhook-id", id,
                "webhook-timestamp", String.valueOf(timestamp), "webhook-signature", signature));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
