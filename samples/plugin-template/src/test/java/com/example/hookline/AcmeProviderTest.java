package com.example.hookline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import io.hookline.testkit.ProviderRun;
import io.hookline.testkit.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcmeProviderTest {

    private static final byte[] BODY = "{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private final SourceVerifier source = ProviderRun.bind(new AcmeProvider(), List.of("old", "s3cret"), Map.of());

    @Test
    void aRequestSignedWithAnyConfiguredSecretVerifiesAndIsIdentified() {
        InboundRequest request = signed("s3cret", NOW.getEpochSecond());
        assertInstanceOf(Verification.Verified.class, source.verify(request, NOW));
        assertEquals(new EventIdentity("ev_1", "invoice.paid", null), source.identify(request));
    }

    @Test
    void aWrongSecretOrAnOldTimestampIsRefused() {
        assertEquals(RejectionReason.NO_MATCHING_SIGNATURE, rejected(signed("wrong", NOW.getEpochSecond())).reason());
        assertEquals(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW, rejected(signed("s3cret", NOW.getEpochSecond() - 301)).reason());
    }

    private Verification.Rejected rejected(InboundRequest request) {
        return assertInstanceOf(Verification.Rejected.class, source.verify(request, NOW));
    }

    private static InboundRequest signed(String secret, long timestamp) {
        return ProviderRun.request(Map.of("X-Acme-Signature", Signatures.hmacSha256Hex(secret, timestamp + ".", BODY),
                "X-Acme-Timestamp", Long.toString(timestamp), "X-Acme-Event-Id", "ev_1",
                "X-Acme-Event-Type", "invoice.paid"), BODY);
    }
}
