package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks libraries' published vectors (VECTORS.md SW-1, SW-2, SW-negative). */
class StandardWebhooksVectorsTest {

    static final String SW1_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SW1_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SW1_TS = 1614265330L;
    static final String SW1_BODY = "{\"test\": 2432232314}";
    static final String SW1_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final StandardWebhooksProvider provider = new StandardWebhooksProvider();

    @Test
    void libraryVectorSW1VerifiesAtItsOwnTime() {
        assertInstanceOf(Verification.Verified.class, verify(SW1_SECRET, SW1_SIGNATURE, SW1_TS));
        assertInstanceOf(Verification.Verified.class,
                verify("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SW1_SIGNATURE, SW1_TS), "the libraries accept the bare base64 too");
    }

    @Test
    void rustLibraryVectorSW2Verifies() {
        InboundRequest request = InboundRequest.of("sw", Map.of("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                "webhook-timestamp", "1649367553", "webhook-signature", "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="),
                "{\"email\":\"test@example.com\",\"username\":\"test_user\"}".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(Verification.Verified.class, provider.bind(source("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"))
                .verify(request, Instant.ofEpochSecond(1649367553)));
    }

    @Test
    void negativeShapesFromTheLibrariesAreRejected() {
        for (String signature : List.of("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "invalid_signature", "v1,", "v1,invalid_signature",
                SW1_SIGNATURE.substring(0, 8))) {
            assertInstanceOf(Verification.Rejected.class, verify(SW1_SECRET, signature, SW1_TS), signature);
        }
    }

    @Test
    void anyValidV1AmongSeveralSignaturesVerifies() {
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SW1_SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertInstanceOf(Verification.Verified.class, verify(SW1_SECRET, several, SW1_TS));
    }

    @Test
    void timestampMoreThan300SecondsAwayEitherWayIsAReplay() {
        for (long offset : new long[] {-301, 301}) {
            Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                    verify(SW1_SECRET, SW1_SIGNATURE, SW1_TS + offset));
            assertEquals(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW, rejected.reason());
        }
        for (long offset : new long[] {-300, 300}) {
            assertInstanceOf(Verification.Verified.class, verify(SW1_SECRET, SW1_SIGNATURE, SW1_TS + offset));
        }
    }

    @Test
    void svixBrandedHeadersAreAccepted() {
        InboundRequest request = InboundRequest.of("sw", Map.of("svix-id", SW1_ID, "svix-timestamp", String.valueOf(SW1_TS),
                "svix-signature", SW1_SIGNATURE), SW1_BODY.getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(Verification.Verified.class,
                provider.bind(source(SW1_SECRET)).verify(request, Instant.ofEpochSecond(SW1_TS)));
    }

    @Test
    void flippedIdOrTimestampIsRejected() {
        InboundRequest flippedId = InboundRequest.of("sw", Map.of("webhook-id", SW1_ID.replace('p', 'q'),
                "webhook-timestamp", String.valueOf(SW1_TS), "webhook-signature", SW1_SIGNATURE),
                SW1_BODY.getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(Verification.Rejected.class,
                provider.bind(source(SW1_SECRET)).verify(flippedId, Instant.ofEpochSecond(SW1_TS)));
        assertInstanceOf(Verification.Rejected.class, verify(SW1_SECRET, SW1_SIGNATURE, SW1_TS + 1, SW1_TS));
    }

    @Test
    void keyIsTheMessageIdAndTypeComesFromTheBody() {
        InboundRequest request = InboundRequest.of("sw", Map.of("webhook-id", "msg_1", "webhook-timestamp", "1674087231"),
                "{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(new EventIdentity("msg_1", "contact.created", Instant.parse("2022-11-03T20:26:10.344522Z")),
                provider.bind(source(SW1_SECRET)).identify(request));
    }

    @Test
    void secretThatIsNotBase64StopsStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.bind(source("whsec_not base64!")));
        assertEquals("hookline.sources.sw.secrets[0]: a Standard Webhooks secret is 'whsec_' followed by base64",
                e.getMessage());
    }

    private Verification verify(String secret, String signature, long now) {
        return verify(secret, signature, SW1_TS, now);
    }

    private Verification verify(String secret, String signature, long timestamp, long now) {
        InboundRequest request = InboundRequest.of("sw", Map.of("Webhook-Id", SW1_ID,
                "WEBHOOK-TIMESTAMP", String.valueOf(timestamp), "webhook-SIGNATURE", signature),
                SW1_BODY.getBytes(StandardCharsets.UTF_8));
        return provider.bind(source(secret)).verify(request, Instant.ofEpochSecond(now));
    }

    private static SourceSettings source(String secret) {
        return new SourceSettings("sw", "standard-webhooks", List.of(secret), Map.of());
    }
}
