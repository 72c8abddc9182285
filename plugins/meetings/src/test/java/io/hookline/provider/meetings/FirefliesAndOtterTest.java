package io.hookline.provider.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirefliesAndOtterTest {

    private static final String F1_HEX = "3b7382bfdd00284b6b35b55c0a2dcbd7d4faee3d4fb79ad379bd0392ace43933";
    private static final SourceSettings FIREFLIES =
            new SourceSettings("ff", "fireflies", List.of("other-secret", "0123456789abcdef"), Map.of());

    private final SourceVerifier fireflies = new FirefliesProvider().bind(FIREFLIES);
    private final OtterProvider otter = new OtterProvider();

    @Test
    void derivedVectorF1VerifiesBareAndWithSha256Prefix() throws IOException {
        byte[] body = ZoomProviderTest.payload("fireflies/meeting.transcribed.v2.docs-example.json");
        for (String header : List.of(F1_HEX, "sha256=" + F1_HEX)) {
            assertInstanceOf(Verification.Verified.class, fireflies.verify(
                    InboundRequest.of("ff", Map.of("X-Hub-Signature", header), body), Instant.now()), header);
        }
    }

    @Test
    void firefliesTamperedBodyOrSignatureIsRejected() throws IOException {
        byte[] body = ZoomProviderTest.payload("fireflies/meeting.transcribed.v2.docs-example.json");
        byte[] flipped = body.clone();
        flipped[10] ^= 1;
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE, fireflies.verify(
                InboundRequest.of("ff", Map.of("x-hub-signature", F1_HEX), flipped), Instant.now()));
        String wrong = F1_HEX.substring(0, 63) + (F1_HEX.endsWith("3") ? "4" : "3");
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE, fireflies.verify(
                InboundRequest.of("ff", Map.of("x-hub-signature", wrong), body), Instant.now()));
        assertRejected(RejectionReason.MISSING_SIGNATURE,
                fireflies.verify(InboundRequest.of("ff", Map.of(), body), Instant.now()));
    }

    @Test
    void firefliesV2IsKeyedOnEventAndMeetingAndV1OnEventTypeAndMeeting() {
        EventIdentity v2 = fireflies.identify(json("{\"event\":\"meeting.transcribed\",\"timestamp\":1710876543210,"
                + "\"meeting_id\":\"ASxwZxCstx\"}"));
        assertEquals(new EventIdentity("meeting.transcribed:ASxwZxCstx", "meeting.transcribed",
                Instant.ofEpochMilli(1710876543210L)), v2);
        EventIdentity v1 = fireflies.identify(
                json("{\"meetingId\":\"ASxwZxCstx\",\"eventType\":\"Transcription completed\"}"));
        assertEquals(new EventIdentity("Transcription completed:ASxwZxCstx", "transcription_completed", null), v1);
        assertThrows(InvalidPayloadException.class, () -> fireflies.identify(json("{\"event\":\"x\"}")));
    }

    @Test
    void otterTokenInTheQueryIsComparedWithEachSecret() {
        SourceSettings source = new SourceSettings("ot", "otter", List.of("t-old", "t-new"), Map.of());
        InboundRequest good = new InboundRequest("ot", Map.of(), Map.of("token", List.of("t-new")), new byte[0]);
        assertInstanceOf(Verification.Verified.class, otter.bind(source).verify(good, Instant.now()));
        InboundRequest bad = new InboundRequest("ot", Map.of(), Map.of("token", List.of("t-nex")), new byte[0]);
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE, otter.bind(source).verify(bad, Instant.now()));
        InboundRequest none = new InboundRequest("ot", Map.of(), Map.of(), new byte[0]);
        assertRejected(RejectionReason.MISSING_SIGNATURE, otter.bind(source).verify(none, Instant.now()));
    }

    @Test
    void otterTokenHeaderIsUsedWhenConfiguredAndNeverStored() {
        SourceVerifier source = otter.bind(
                new SourceSettings("ot", "otter", List.of("tok"), Map.of("token-header", "X-Otter-Token")));
        assertInstanceOf(Verification.Verified.class,
                source.verify(InboundRequest.of("ot", Map.of("X-Otter-Token", "tok"), new byte[0]), Instant.now()));
        InboundRequest inTheQuery = new InboundRequest("ot", Map.of(), Map.of("token", List.of("tok")), new byte[0]);
        assertRejected(RejectionReason.MISSING_SIGNATURE, source.verify(inTheQuery, Instant.now()));
        assertEquals(Set.of("x-otter-token"), source.credentialHeaders());
    }

    @Test
    void otterIsKeyedOnConversationAndEvent() {
        SourceVerifier source = otter.bind(new SourceSettings("ot", "otter", List.of("t"), Map.of()));
        EventIdentity identity = source.identify(json("{\"meta\":{\"webhook\":{\"event\":\"conversation_completed\"}},"
                + "\"data\":{\"id\":\"conv_1\",\"title\":\"t\"}}"));
        assertEquals(new EventIdentity("conv_1:conversation_completed", "conversation_completed", null), identity);
    }

    private static InboundRequest json(String body) {
        return InboundRequest.of("x", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRejected(RejectionReason reason, Verification verification) {
        assertEquals(reason, assertInstanceOf(Verification.Rejected.class, verification).reason());
    }
}
