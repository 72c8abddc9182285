package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stripe's published vectors (VECTORS.md S-1, S-2) and the rules around them. */
class StripeVectorsTest {

    static final long T = 1533204620L;
    static final String S1_HEADER = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,"
            + "v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
    static final String S2_HEADER = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,"
            + "v1=697028fd91e55f081b5847a00565d0a5ac8fa7c3d88482ef54f19cc320a4ba6f";

    private final StripeProvider stripe = new StripeProvider();

    @Test
    void stripeDotnetVectorS1VerifiesWithin300SecondsAndNotAfter() throws IOException {
        byte[] body = fixture();
        assertInstanceOf(Verification.Verified.class, verify(S1_HEADER, body, "webhook_secret", T + 100, Map.of()));
        assertRejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                verify(S1_HEADER, body, "webhook_secret", T + 400, Map.of()));
    }

    @Test
    void s1WithoutItsTrailingNewlineDoesNotVerify() throws IOException {
        byte[] body = fixture();
        byte[] trimmed = java.util.Arrays.copyOf(body, body.length - 1);
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE,
                verify(S1_HEADER, trimmed, "webhook_secret", T, Map.of()));
    }

    @Test
    void rolledSecretVectorS2VerifiesWithEitherSecret() throws IOException {
        byte[] body = fixture();
        assertInstanceOf(Verification.Verified.class, verify(S2_HEADER, body, "webhook_secret", T, Map.of()));
        assertInstanceOf(Verification.Verified.class, verify(S2_HEADER, body, "whsec_rolled_example", T, Map.of()));
    }

    @Test
    void v0AloneIsNeverAccepted() throws IOException {
        String v0Only = "t=1533204620,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
        assertRejected(RejectionReason.MALFORMED_SIGNATURE, verify(v0Only, fixture(), "webhook_secret", T, Map.of()));
    }

    @Test
    void futureTimestampBeyondTheToleranceIsRejectedUnlikeStripeJava() throws IOException {
        assertRejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                verify(S1_HEADER, fixture(), "webhook_secret", T - 301, Map.of()));
        assertInstanceOf(Verification.Verified.class, verify(S1_HEADER, fixture(), "webhook_secret", T - 300, Map.of()));
    }

    @Test
    void toleranceZeroTurnsTheTimeCheckOff() throws IOException {
        assertInstanceOf(Verification.Verified.class,
                verify(S1_HEADER, fixture(), "webhook_secret", T + 86_400, Map.of("tolerance", "0")));
    }

    @Test
    void headerWithoutTimestampIsMalformed() throws IOException {
        assertRejected(RejectionReason.MALFORMED_SIGNATURE,
                verify("v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7", fixture(),
                        "webhook_secret", T, Map.of()));
    }

    private Verification verify(String header, byte[] body, String secret, long nowSeconds, Map<String, String> settings) {
        InboundRequest request = new InboundRequest("st", Map.of("stripe-signature", List.of(header)), Map.of(), body);
        return stripe.bind(new SourceSettings("st", "stripe", List.of(secret), settings))
                .verify(request, Instant.ofEpochSecond(nowSeconds));
    }

    private static void assertRejected(RejectionReason reason, Verification verification) {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, verification);
        assertEquals(reason, rejected.reason(), rejected.detail());
    }

    static byte[] fixture() throws IOException {
        try (InputStream in = StripeVectorsTest.class.getResourceAsStream(
                "/payloads/stripe/customer.created.stripe-dotnet-signed-fixture.json")) {
            return in.readAllBytes();
        }
    }
}
