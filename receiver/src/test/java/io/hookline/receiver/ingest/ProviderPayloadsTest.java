package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.SignatureText;
import io.hookline.receiver.testing.Payloads;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import io.hookline.spi.StoredEvent;
import io.hookline.store.EventStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every provider's real payloads through the full HTTP path: signed as the provider signs,
 * stored with the right key and type; and one flipped byte refused for each.
 */
class ProviderPayloadsTest {

    @TempDir
    static Path dataDir;

    static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = RunningReceiver.start(dataDir, Signers.sources());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @ParameterizedTest(name = "stripe {0}")
    @CsvSource({
        "customer.created.stripe-dotnet-signed-fixture.json, evt_123, customer.created",
        "customer.created.stripe-java-api_fixture.json, evt_00000000000000, customer.created",
        "plan.created.openapi-fixtures3-event.json, evt_1Pgc76B7WZ01zgkWwyRHS12y, plan.created",
        "setup_intent.created.docs-event-object.json, evt_1NG8Du2eZvKYlo2CUI79vXWy, setup_intent.created",
        "v1.billing.meter.error_report_triggered.docs-thin-event.json, evt_test_65R9Ijk8d6ctWtzXF5y16R9Ijk8dSQdOGjmVs6Lsabc,"
                + " v1.billing.meter.error_report_triggered"
    })
    void stripeEventLandsWithItsIdAndType(String file, String key, String type) {
        byte[] body = Payloads.bytes("stripe/" + file);
        assertLands("st", body, Signers.stripe(body, now()), key, type);
    }

    @ParameterizedTest(name = "stripe {0} is refused")
    @ValueSource(strings = {"object.charge.openapi-fixtures3.json", "object.invoice.openapi-fixtures3.json",
        "object.payment_intent.openapi-fixtures3.json", "object.refund.openapi-fixtures3.json",
        "object.subscription.openapi-fixtures3.json"})
    void stripeApiObjectThatIsNotAnEventIsAPayloadError(String file) {
        byte[] body = Payloads.bytes("stripe/" + file);
        HttpResponse<String> response = receiver.post("/hooks/st", body, Signers.stripe(body, now()));
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 400, "payload_invalid");
        assertEquals("a Stripe event needs a string 'id' and 'type'; this body has no type", error.get("detail"));
    }

    @Test
    void stripeDeliveryOlderThanTheToleranceIsAReplay() {
        byte[] body = Payloads.bytes("stripe/customer.created.stripe-java-api_fixture.json");
        HttpResponse<String> response = receiver.post("/hooks/st", body, Signers.stripe(body, now() - 301));
        WebhookReceiveTestSupport.error(receiver, response, 401, "replay_rejected");
    }

    @ParameterizedTest(name = "zoom {0}")
    @CsvSource({
        "meeting.ended.zoomnet-sample.json, meeting.ended:1626230691572:4444AAAiAAAAAiAiAiiAii==, meeting.ended",
        "meeting.started.zoom-docs.json, meeting.started:1626230691572:Wk9PTV9NRUVUSU5HX0lE, meeting.started",
        "meeting.started.signed-delivery-nonascii.zoomnet-test.body, meeting.started:1720707175904:jUh5o3dKQIytvcsfTtKBlg==, meeting.started",
        "recording.transcript_completed.zoomnet-sample.json, recording.transcript_completed:1626230691572:4444AAAiAAAAAiAiAiiAii==, recording.transcript_completed",
        "session.started.zoom-docs.json, session.started:1658940994914:{SESSION_ID}, session.started"
    })
    void zoomEventLandsWithEventTimeAndObjectAsKey(String file, String key, String type) {
        byte[] body = Payloads.bytes("zoom/" + file);
        assertLands("zm", body, Signers.zoom(body, now()), key, type);
    }

    @Test
    void twoRenditionsOfOneZoomRecordingEventAreOneEvent() {
        byte[] docs = Payloads.bytes("zoom/recording.completed.zoom-docs-2021-quoted.json");
        assertLands("zm", docs, Signers.zoom(docs, now()), "recording.completed:1626230691572:4444AAAiAAAAAiAiAiiAii==",
                "recording.completed");
        byte[] zoomNet = Payloads.bytes("zoom/recording.completed.zoomnet-sample.json");
        Map<String, Object> again = receiver.json(receiver.post("/hooks/zm", zoomNet, Signers.zoom(zoomNet, now())));
        assertEquals("duplicate", again.get("status"), "same event, event_ts and recording uuid: the same event");
    }

    @ParameterizedTest(name = "zoom url validation {0}")
    @ValueSource(strings = {"endpoint.url_validation.zoom-docs.json",
        "endpoint.url_validation.signed-delivery.zoomnet-test.body"})
    void zoomUrlValidationIsAnsweredAfterTheSignatureAndNotStored(String file) {
        byte[] body = Payloads.bytes("zoom/" + file);
        long before = receiver.count("SELECT count(*) FROM events WHERE source = 'zm'");
        HttpResponse<String> response = receiver.post("/hooks/zm", body, Signers.zoom(body, now()));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = receiver.json(response);
        String plainToken = (String) answer.get("plainToken");
        assertEquals(SignatureText.HEX.encode(Hmac.sha256(Signers.ZOOM_SECRET, plainToken.getBytes(StandardCharsets.UTF_8))),
                answer.get("encryptedToken"));
        assertEquals(before, receiver.count("SELECT count(*) FROM events WHERE source = 'zm'"), "nothing stored");
    }

    @Test
    void zoomValidationWithoutSignatureIsRejected() {
        byte[] body = Payloads.bytes("zoom/endpoint.url_validation.zoom-docs.json");
        HttpResponse<String> response = receiver.post("/hooks/zm", body, Map.of("x-zm-request-timestamp", "1"));
        WebhookReceiveTestSupport.error(receiver, response, 401, "signature_invalid");
        assertFalse(response.body().contains("encryptedToken"));
    }

    @ParameterizedTest(name = "fireflies {0}")
    @CsvSource({
        "meeting.transcribed.v2.docs-example.json, meeting.transcribed:ASxwZxCstx, meeting.transcribed",
        "meeting.summarized.v2.docs-example.json, meeting.summarized:ASxwZxCstx, meeting.summarized",
        "transcription_completed.v1.docs-example.json, Transcription completed:ASxwZxCstx, transcription_completed"
    })
    void firefliesEventLandsWithEventAndMeetingAsKey(String file, String key, String type) {
        byte[] body = Payloads.bytes("fireflies/" + file);
        assertLands("ff", body, Signers.fireflies(body), key, type);
    }

    @ParameterizedTest(name = "standard webhooks {0}")
    @CsvSource({
        "contact.created.full.spec.json, contact.created",
        "contact.created.thin.spec.json, contact.created",
        "contact.created.minified-signed-content-example.body, contact.created",
        "example.event.spec.json, example.event"
    })
    void standardWebhooksMessageLandsWithItsIdAsKey(String file, String type) {
        byte[] body = Payloads.bytes("standard-webhooks/" + file);
        String id = "msg_" + UUID.randomUUID();
        assertLands("sw", body, Signers.standardWebhooks(body, id, now()), id, type);
    }

    @Test
    void otterWebhookWithTheTokenInTheUrlLands() {
        byte[] body = ("{\"meta\":{\"retrieved_at\":\"2025-01-27T23:27:47.096395+00:00\",\"webhook\":{\"name\":\"#All Customer Calls\","
                + "\"source_type\":\"channel\",\"event\":\"conversation_completed\"}},\"data\":{\"id\":\"conversation_id\","
                + "\"title\":\"product launch meeting\",\"created_at\":\"2025-07-31T12:00:00Z\"}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = receiver.post("/hooks/ot?token=" + Signers.OTTER_TOKEN, body,
                Map.of("Content-Type", "application/json"));
        assertStored(response, "conversation_id:conversation_completed", "conversation_completed");
        WebhookReceiveTestSupport.error(receiver, receiver.post("/hooks/ot?token=guess", body, Map.of()), 401,
                "signature_invalid");
    }

    @Test
    void genericHmacSenderLands() {
        byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
        assertLands("ac", body, Signers.acme(body, "order-42"), "order-42", "webhook");
    }

    @ParameterizedTest(name = "{0}: one flipped body byte is refused")
    @ValueSource(strings = {"st", "zm", "ff", "sw", "ac"})
    void oneFlippedBodyByteIsRefusedByEveryProvider(String source) {
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"x\",\"event\":\"x\",\"event_ts\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = switch (source) {
            case "st" -> Signers.stripe(body, now());
            case "zm" -> Signers.zoom(body, now());
            case "ff" -> Signers.fireflies(body);
            case "sw" -> Signers.standardWebhooks(body, "msg_flip", now());
            default -> Signers.acme(body, "flip");
        };
        byte[] flipped = body.clone();
        flipped[7] ^= 1;
        WebhookReceiveTestSupport.error(receiver, receiver.post("/hooks/" + source, flipped, headers), 401,
                "signature_invalid");
    }

    private static void assertLands(String source, byte[] body, Map<String, String> headers, String key, String type) {
        assertStored(receiver.post("/hooks/" + source, body, headers), key, type);
    }

    private static void assertStored(HttpResponse<String> response, String key, String type) {
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = receiver.json(response);
        assertEquals("accepted", answer.get("status"), answer.toString());
        StoredEvent stored = receiver.context().getBean(EventStore.class).find((String) answer.get("id")).orElseThrow();
        assertEquals(key, stored.key());
        assertEquals(type, stored.type());
        for (String credential : new String[] {"stripe-signature", "x-zm-signature", "x-hub-signature", "webhook-signature",
            "x-acme-signature"}) {
            assertFalse(stored.headers().containsKey(credential), credential + " must not be stored");
        }
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
