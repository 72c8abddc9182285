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

/** Signatures of a scheme the source has no key for (v1a at an HMAC-only source, v1 at a public-key-only one): refused as missing, and said so. */
class StandardWebhooksSchemesTest {

    private static final byte[] BODY = "{\"type\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final String TOLD = "only v1a (Ed25519) signatures were sent and source sw has no whpk_ public key;"
            + " add the sender's whpk_ public key to its secrets, or have it sign v1 with a whsec_ secret";

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

    @Test
    void onlyV1SignaturesAtASourceWithOnlyPublicKeysAreToldWhy() {
        SourceVerifier publicKeysOnly = new StandardWebhooksProvider().bind(new SourceSettings("pk",
                "standard-webhooks", List.of("whpk_" + java.util.Base64.getEncoder().encodeToString(
                        java.util.HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))),
                Map.of()));
        InboundRequest request = request("webhook-", "v1,AAAA");
        assertEquals(RejectionReason.MISSING_SIGNATURE,
                assertInstanceOf(Verification.Rejected.class, publicKeysOnly.verify(request, NOW)).reason());
        assertEquals(Optional.of("only v1 (HMAC) signatures were sent and source pk has only whpk_ public keys; add the"
                + " sender's whsec_ secret to its secrets, or have it sign v1a"), publicKeysOnly.unsupportedScheme(request));
        assertEquals(Optional.empty(), source.unsupportedScheme(request));
    }

    private static InboundRequest request(String prefix, String signature) {
        return InboundRequest.of("sw", Map.of(prefix + "id", "msg_1", prefix + "timestamp",
                Long.toString(NOW.getEpochSecond()), prefix + "signature", signature), BODY);
    }
}
