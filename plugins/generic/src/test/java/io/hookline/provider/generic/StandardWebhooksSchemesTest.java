package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Asymmetric v1a signatures, which a Standard Webhooks source does not verify: refused as missing, and said so. */
class StandardWebhooksSchemesTest {

    private static final byte[] BODY = "{\"type\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final String TOLD = "only asymmetric v1a signatures were sent; Hookline verifies the symmetric v1 scheme";

    private final SourceVerifier source = new StandardWebhooksProvider().bind(new SourceSettings("sw",
            "standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Map.of()));

    @Test
    void onlyV1aSignaturesAreAMissingSignatureAndTheDiagnosisIsToldWhy() {
        InboundRequest request = request("webhook-", "v1a,AAAA v1a,BBBB");
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, source.verify(request, NOW));
        assertEquals(RejectionReason.MISSING_SIGNATURE, rejected.reason());
        assertEquals(Optional.of(TOLD), source.unsupportedScheme(request));
        assertEquals(Optional.of(TOLD), source.unsupportedScheme(request("svix-", "v1a,AAAA")));
    }

    @Test
    void aV1SignatureBesideV1aOrAHeaderOfNoKnownVersionHasNoUnsupportedScheme() {
        assertEquals(Optional.empty(), source.unsupportedScheme(request("webhook-", "v1a,AAAA v1,AAAA")));
        InboundRequest garbage = request("webhook-", "garbage");
        assertEquals(Optional.empty(), source.unsupportedScheme(garbage));
        assertEquals(RejectionReason.MALFORMED_SIGNATURE,
                assertInstanceOf(Verification.Rejected.class, source.verify(garbage, NOW)).reason());
    }

    private static InboundRequest request(String prefix, String signature) {
        return InboundRequest.of("sw", Map.of(prefix + "id", "msg_1", prefix + "timestamp",
                Long.toString(NOW.getEpochSecond()), prefix + "signature", signature), BODY);
    }
}
