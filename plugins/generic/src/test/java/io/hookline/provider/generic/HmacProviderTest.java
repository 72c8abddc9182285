package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacProviderTest {

    private static final byte[] BODY = "{\"event\":{\"id\":\"e-9\",\"kind\":\"order.paid\"}}".getBytes(StandardCharsets.UTF_8);
    private final HmacProvider hmac = new HmacProvider();

    @Test
    void bodyOnlyHexSchemeWithPrefixVerifiesAndKeysOnTheIdHeader() {
        SourceSettings source = source(Map.of("signature-header", "X-Acme-Signature", "signature-prefix", "sha256=",
                "id-header", "X-Acme-Delivery", "type-field", "event.kind"));
        String signature = "sha256=" + SignatureText.HEX.encode(Hmac.sha256("s3cret", BODY));
        InboundRequest request = InboundRequest.of("acme",
                Map.of("X-Acme-Signature", signature, "X-Acme-Delivery", "d-1"), BODY);
        assertInstanceOf(Verification.Verified.class, hmac.bind(source).verify(request, Instant.now()));
        assertEquals(new EventIdentity("d-1", "order.paid", null), hmac.bind(source).identify(request));
    }

    @Test
    void timestampedBase64Sha512SchemeChecksTheWindow() {
        SourceSettings source = source(Map.of("signature-header", "X-Sig", "encoding", "base64", "algorithm", "sha512",
                "signed-content", "{timestamp}:{body}", "timestamp-header", "X-Time", "id-field", "event.id"));
        long now = 1_800_000_000L;
        String signature = SignatureText.BASE64.encode(Hmac.compute(Hmac.Algorithm.SHA512,
                "s3cret".getBytes(StandardCharsets.UTF_8), now + ":", BODY));
        InboundRequest request = InboundRequest.of("acme", Map.of("X-Sig", signature, "X-Time", String.valueOf(now)), BODY);
        assertInstanceOf(Verification.Verified.class,
                hmac.bind(source).verify(request, Instant.ofEpochSecond(now + 300)));
        Verification.Rejected late = assertInstanceOf(Verification.Rejected.class,
                hmac.bind(source).verify(request, Instant.ofEpochSecond(now + 301)));
        assertEquals(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW, late.reason());
        assertEquals("e-9", hmac.bind(source).identify(request).key());

        InboundRequest otherTime = InboundRequest.of("acme", Map.of("X-Sig", signature, "X-Time", String.valueOf(now + 1)), BODY);
        assertEquals(RejectionReason.NO_MATCHING_SIGNATURE, assertInstanceOf(Verification.Rejected.class,
                hmac.bind(source).verify(otherTime, Instant.ofEpochSecond(now))).reason());
    }

    @Test
    void withoutAnIdSettingIdenticalBodiesShareAKey() {
        SourceSettings source = source(Map.of("signature-header", "X-Sig"));
        EventIdentity identity = hmac.bind(source).identify(InboundRequest.of("acme", Map.of(), BODY));
        assertTrue(identity.key().startsWith("sha256:"), identity.key());
        assertEquals(identity, hmac.bind(source).identify(InboundRequest.of("acme", Map.of(), BODY.clone())));
        assertEquals("webhook", identity.type());
    }

    @Test
    void itVouchesForJsonBodiesOnlyWhenItReadsFieldsOfTheBody() {
        assertFalse(hmac.bind(source(Map.of("signature-header", "X-Sig"))).identifyChecksJsonObject(),
                "without fields to read, any body is identified");
        SourceVerifier reading = hmac.bind(source(Map.of("signature-header", "X-Sig", "id-field", "id")));
        assertTrue(reading.identifyChecksJsonObject());
        assertThrows(InvalidPayloadException.class, () -> reading.identify(InboundRequest.of("acme", Map.of(),
                "{\"id\":\"e-1\",\"x\":[,]}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void missingConfiguredIdIsAnInvalidPayload() {
        SourceSettings source = source(Map.of("signature-header", "X-Sig", "id-header", "X-Id"));
        assertThrows(InvalidPayloadException.class,
                () -> hmac.bind(source).identify(InboundRequest.of("acme", Map.of(), BODY)));
    }

    @Test
    void unworkableSettingsStopStartWithTheKeyInTheMessage() {
        assertEquals("hookline.sources.acme.settings.signature-header is required: the header that carries the signature",
                assertThrows(IllegalArgumentException.class, () -> hmac.bind(source(Map.of()))).getMessage());
        assertEquals("hookline.sources.acme.settings.encoding must be hex or base64", assertThrows(
                IllegalArgumentException.class,
                () -> hmac.bind(source(Map.of("signature-header", "X", "encoding", "b32")))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hmac.bind(source(Map.of(
                "signature-header", "X", "signed-content", "{timestamp}.{body}")))).getMessage()
                .startsWith("hookline.sources.acme.settings.timestamp-header is required"));
    }

    private static SourceSettings source(Map<String, String> settings) {
        return new SourceSettings("acme", "hmac", List.of("old", "s3cret"), settings);
    }
}
