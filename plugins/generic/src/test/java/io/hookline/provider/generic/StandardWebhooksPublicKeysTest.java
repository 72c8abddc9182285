package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.provider.common.StandardWebhooksKeyPair;
import io.hookline.provider.common.StandardWebhooksSignature;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A Standard Webhooks source configured with {@code whpk_} public keys, beside or instead of secrets. */
class StandardWebhooksPublicKeysTest {

    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final long TS = 1_674_087_231L;
    private static final byte[] BODY = "{\"type\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = StandardWebhooksVectorsTest.SW1_SECRET;

    private final StandardWebhooksProvider provider = new StandardWebhooksProvider();
    private final KeyPair current = StandardWebhooksKeyPair.generate();
    private final KeyPair previous = StandardWebhooksKeyPair.generate();

    @Test
    void v1aSignedWithTheConfiguredKeyIsVerifiedWithinTheWindow() {
        String header = v1a(current);
        assertInstanceOf(Verification.Verified.class, verify(List.of(whpk(current)), header, TS + 300));
        Verification.Rejected stale = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(whpk(current)), header, TS + 301));
        assertEquals(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW, stale.reason());
    }

    @Test
    void rotationAcceptsEitherConfiguredKeyAndEitherEntry() {
        List<String> both = List.of(whpk(previous), whpk(current));
        assertInstanceOf(Verification.Verified.class, verify(both, v1a(previous), TS));
        assertInstanceOf(Verification.Verified.class, verify(both, v1a(current), TS));
        assertInstanceOf(Verification.Verified.class, verify(List.of(whpk(current)), v1a(previous) + " " + v1a(current), TS));
    }

    @Test
    void aKeyThatIsNotConfiguredMatchesNothing() {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(whpk(current)), v1a(previous), TS));
        assertEquals(RejectionReason.NO_MATCHING_SIGNATURE, rejected.reason());
        assertEquals("webhook-signature has no v1a entry that matches with any configured public key", rejected.detail());
    }

    @Test
    void secretsAndPublicKeysTogetherAcceptEitherScheme() {
        List<String> mixed = List.of(SECRET, whpk(current));
        assertInstanceOf(Verification.Verified.class, verify(mixed, v1a(current), TS));
        assertInstanceOf(Verification.Verified.class, verify(mixed, v1(), TS));
        assertInstanceOf(Verification.Verified.class, verify(mixed, "v1,AAAA " + v1a(current), TS));
        Verification.Rejected neither = assertInstanceOf(Verification.Rejected.class,
                verify(mixed, "v1,AAAA " + v1a(previous), TS));
        assertEquals("webhook-signature has no v1 or v1a entry that matches with any configured secret or public key",
                neither.detail());
    }

    @Test
    void v1aOnlyToASourceWithoutPublicKeySaysSo() {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(SECRET), v1a(current), TS));
        assertEquals(RejectionReason.MISSING_SIGNATURE, rejected.reason());
        assertEquals("only v1a (Ed25519) signatures were sent and source sw has no whpk_ public key; it verifies v1"
                + " (HMAC) signatures", rejected.detail());
    }

    @Test
    void v1OnlyToASourceWithOnlyPublicKeysSaysSo() {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(whpk(current)), v1(), TS));
        assertEquals(RejectionReason.MISSING_SIGNATURE, rejected.reason());
        assertEquals("only v1 (HMAC) signatures were sent and source sw has no whsec_ secret; it verifies v1a"
                + " (Ed25519) signatures", rejected.detail());
    }

    @Test
    void aV1aEntryThatIsNotASignatureIsMalformed() {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(whpk(current)), "v1a,AAAA v1a,not base64!", TS));
        assertEquals(RejectionReason.MALFORMED_SIGNATURE, rejected.reason());
        assertEquals("webhook-signature has no 'v1a,<base64>' entry", rejected.detail());
    }

    @Test
    void moreV1aEntriesThanAnySenderSignsWithAreRefusedUnchecked() {
        String many = IntStream.range(0, StandardWebhooksProvider.MOST_V1A_ENTRIES + 1).mapToObj(i -> v1a(previous))
                .collect(Collectors.joining(" "));
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                verify(List.of(whpk(current)), many + " " + v1a(current), TS));
        assertEquals(RejectionReason.MALFORMED_SIGNATURE, rejected.reason());
        assertEquals("webhook-signature has 10 v1a entries; at most 8 are accepted", rejected.detail());
    }

    @Test
    void aPublicKeyThatIsNotOneStopsTheStartNamingTheKey() {
        String wrongLength = "whpk_" + Base64.getEncoder().encodeToString(new byte[31]);
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        notAPoint[31] = 0x7f;
        for (String key : List.of("whpk_not base64!", wrongLength, "whpk_" + Base64.getEncoder().encodeToString(notAPoint))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> provider.bind(source(List.of(SECRET, key))));
            assertEquals("hookline.sources.sw.secrets[1]: a Standard Webhooks public key is 'whpk_' followed by base64"
                    + " of a 32-byte Ed25519 key", e.getMessage());
        }
    }

    @Test
    void aPrivateKeyInTheReceiverStopsTheStartWithoutEchoingIt() {
        String whsk = StandardWebhooksKeyPair.whsk(current);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.bind(source(List.of(whsk))));
        assertEquals("hookline.sources.sw.secrets[0]: a 'whsk_' key is the sender's private key; give the receiver its"
                + " public 'whpk_' key", e.getMessage());
        assertFalse(e.getMessage().contains(whsk.substring(5, 20)));
    }

    @Test
    void svixBrandedHeadersCarryV1aToo() {
        InboundRequest request = InboundRequest.of("sw", Map.of("svix-id", ID, "svix-timestamp", String.valueOf(TS),
                "svix-signature", v1a(current)), BODY);
        assertInstanceOf(Verification.Verified.class,
                provider.bind(source(List.of(whpk(current)))).verify(request, Instant.ofEpochSecond(TS)));
    }

    private Verification verify(List<String> secrets, String signature, long now) {
        InboundRequest request = InboundRequest.of("sw", Map.of("webhook-id", ID,
                "webhook-timestamp", String.valueOf(TS), "webhook-signature", signature), BODY);
        return provider.bind(source(secrets)).verify(request, Instant.ofEpochSecond(now));
    }

    private static String v1a(KeyPair pair) {
        return StandardWebhooksSignature.v1a(pair.getPrivate(), ID, TS, BODY);
    }

    private static String v1() {
        return StandardWebhooksSignature.v1(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), ID, TS, BODY);
    }

    private static String whpk(KeyPair pair) {
        return StandardWebhooksKeyPair.whpk(pair.getPublic());
    }

    private static SourceSettings source(List<String> secrets) {
        return new SourceSettings("sw", "standard-webhooks", secrets, Map.of());
    }
}
