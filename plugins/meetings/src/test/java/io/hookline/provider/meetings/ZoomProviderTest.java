package io.hookline.provider.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoomProviderTest {

    private static final String Z_SECRET = "4fv1RkqGQUq5sWbEz6hA5A";
    private final ZoomProvider zoom = new ZoomProvider();

    @Test
    void zoomNetVectorZ1IsAValidationAnsweredWithTheZ1bTokens() throws IOException {
        Verification verification = verify(List.of(Z_SECRET), "1720705455",
                "v0=93a1a675965ceb9c5a50c5dfb31f20e50f763be37a54ef74cd2d16a1a8e5c0d6",
                payload("zoom/endpoint.url_validation.signed-delivery.zoomnet-test.body"), Map.of());
        Verification.Handshake handshake = assertInstanceOf(Verification.Handshake.class, verification);
        assertEquals(200, handshake.status());
        assertEquals("{\"plainToken\":\"xys8n8PGS7mAU0m5-YJjRA\",\"encryptedToken\":"
                + "\"2fffc6a967dde4f68024025a5bd991c5ae1e5313b4e6365be4883e3e81d479b3\"}",
                new String(handshake.body(), StandardCharsets.UTF_8));
    }

    @Test
    void zoomNetVectorZ2WithRawUtf8AndEscapesVerifies() throws IOException {
        Verification verification = verify(List.of(Z_SECRET), "1720707175",
                "v0=1a14e79349318fa1bead50ebbd3c185ae078e182d3bbd30ab8010fcb7f4357c7",
                payload("zoom/meeting.started.signed-delivery-nonascii.zoomnet-test.body"), Map.of());
        assertInstanceOf(Verification.Verified.class, verification);
    }

    @Test
    void elasticBeatsVectorZ3EncryptedTokenUsesTheSecretThatVerified() {
        byte[] body = "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1,\"event\":\"endpoint.url_validation\"}"
                .getBytes(StandardCharsets.UTF_8);
        Verification verification = verify(List.of("old-secret", "secretValueTest"), "1", sign("secretValueTest", "1", body),
                body, Map.of());
        Verification.Handshake handshake = assertInstanceOf(Verification.Handshake.class, verification);
        assertEquals("{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\",\"encryptedToken\":"
                + "\"70c1f2e2e6ca2d39297490d1f9142c7d701415ea8e6151f6562a08fa657a40ff\"}",
                new String(handshake.body(), StandardCharsets.UTF_8));
    }

    @Test
    void zoomValidationWithoutSignatureIsRejectedSoTheEndpointIsNoSigningOracle() throws IOException {
        byte[] body = payload("zoom/endpoint.url_validation.signed-delivery.zoomnet-test.body");
        InboundRequest unsigned = InboundRequest.of("zm", Map.of("x-zm-request-timestamp", "1720705455"), body);
        Verification.Rejected missing = assertInstanceOf(Verification.Rejected.class,
                zoom.bind(source(List.of(Z_SECRET), Map.of())).verify(unsigned, Instant.now()));
        assertEquals(RejectionReason.MISSING_SIGNATURE, missing.reason());

        Verification forged = verify(List.of(Z_SECRET), "1720705455", sign("attacker", "1720705455", body), body, Map.of());
        assertEquals(RejectionReason.NO_MATCHING_SIGNATURE, assertInstanceOf(Verification.Rejected.class, forged).reason());
    }

    @Test
    void flippedTimestampOrBodyIsRejected() throws IOException {
        byte[] body = payload("zoom/meeting.started.signed-delivery-nonascii.zoomnet-test.body");
        String signature = "v0=1a14e79349318fa1bead50ebbd3c185ae078e182d3bbd30ab8010fcb7f4357c7";
        assertInstanceOf(Verification.Rejected.class, verify(List.of(Z_SECRET), "1720707176", signature, body, Map.of()));
        byte[] flipped = body.clone();
        flipped[40] ^= 1;
        assertInstanceOf(Verification.Rejected.class, verify(List.of(Z_SECRET), "1720707175", signature, flipped, Map.of()));
    }

    @Test
    void toleranceIsOffByDefaultAndEnforcedWhenSet() throws IOException {
        byte[] body = payload("zoom/meeting.started.signed-delivery-nonascii.zoomnet-test.body");
        String signature = "v0=1a14e79349318fa1bead50ebbd3c185ae078e182d3bbd30ab8010fcb7f4357c7";
        Verification old = verify(List.of(Z_SECRET), "1720707175", signature, body, Map.of("tolerance", "5m"));
        assertEquals(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW, assertInstanceOf(Verification.Rejected.class, old).reason());
    }

    @Test
    void keyIsEventTimeAndObjectUuid() throws IOException {
        EventIdentity identity = zoom.bind(source(List.of("s"), Map.of())).identify(InboundRequest.of("zm", Map.of(),
                payload("zoom/meeting.started.signed-delivery-nonascii.zoomnet-test.body")));
        assertEquals("meeting.started:1720707175904:jUh5o3dKQIytvcsfTtKBlg==", identity.key());
        assertEquals("meeting.started", identity.type());
        assertEquals(Instant.ofEpochMilli(1720707175904L), identity.occurredAt());
    }

    @Test
    void eventWithoutEventTsIsAnInvalidPayload() {
        SourceVerifier source = zoom.bind(source(List.of("s"), Map.of()));
        assertThrows(InvalidPayloadException.class, () -> source.identify(InboundRequest.of("zm", Map.of(),
                "{\"event\":\"meeting.started\"}".getBytes(StandardCharsets.UTF_8))));
    }

    private Verification verify(List<String> secrets, String timestamp, String signature, byte[] body,
            Map<String, String> settings) {
        InboundRequest request = InboundRequest.of("zm",
                Map.of("x-zm-request-timestamp", timestamp, "x-zm-signature", signature), body);
        return zoom.bind(source(secrets, settings)).verify(request, Instant.now());
    }

    static String sign(String secret, String timestamp, byte[] body) {
        return "v0=" + SignatureText.HEX.encode(Hmac.sha256(secret, "v0:" + timestamp + ":", body));
    }

    private static SourceSettings source(List<String> secrets, Map<String, String> settings) {
        return new SourceSettings("zm", "zoom", secrets, settings);
    }

    static byte[] payload(String path) throws IOException {
        try (InputStream in = ZoomProviderTest.class.getResourceAsStream("/payloads/" + path)) {
            return in.readAllBytes();
        }
    }
}
