package io.hookline.provider.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.net.Webhook;
import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.RandomBodies;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of randomized requests, each judged by stripe-java's {@code verifyHeader} (the
 * oracle) and by Hookline. The verdicts must agree, except where Hookline is stricter on purpose:
 * a timestamp more than the tolerance in the future, which stripe-java accepts.
 */
class StripeDifferentialTest {

    private static final int CASES = 5_000;
    private static final long TOLERANCE = 300;
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final StripeProvider stripe = new StripeProvider();

    @Test
    void verdictsAgreeWithStripeJavaOnRandomizedRequests() throws Exception {
        Random random = new Random(20261123);
        int accepted = 0;
        int stricterOnFuture = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random);
            boolean sdk = sdkAccepts(c);
            boolean ours = stripe.bind(c.source()).verify(c.request(), NOW) instanceof Verification.Verified;
            boolean future = c.timestamp > NOW.getEpochSecond() + TOLERANCE;
            if (sdk && !ours && future) {
                stricterOnFuture++;
                continue;
            }
            assertEquals(sdk, ours, "case " + i + ": stripe-java says " + sdk + " for header " + c.header
                    + " with " + c.secrets.size() + " secrets");
            if (ours) {
                accepted++;
            }
        }
        assertTrue(accepted > CASES / 5, "the generator must produce enough genuine requests: " + accepted);
        assertTrue(stricterOnFuture > 0, "the future-timestamp difference must be exercised");
    }

    private static boolean sdkAccepts(Case c) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String payload = new String(c.body, StandardCharsets.UTF_8);
        for (String secret : c.secrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, c.header, secret, TOLERANCE, clock)) {
                    return true;
                }
            } catch (Exception rejected) {
                // stripe-java throws for every rejection; try the next secret
            }
        }
        return false;
    }

    private record Case(byte[] body, String header, List<String> secrets, long timestamp) {
        InboundRequest request() {
            return new InboundRequest("st", Map.of("stripe-signature", List.of(header)), Map.of(), body);
        }

        SourceSettings source() {
            return new SourceSettings("st", "stripe", secrets, Map.of("tolerance", String.valueOf(TOLERANCE)));
        }
    }

    private static Case randomCase(Random random) {
        List<String> secrets = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            secrets.add("whsec_" + token(random, 24 + random.nextInt(16)));
        }
        byte[] body = RandomBodies.json(random, "\"id\":\"evt_" + random.nextInt(1_000_000) + "\",\"type\":\"charge.succeeded\",").getBytes(StandardCharsets.UTF_8);
        long now = NOW.getEpochSecond();
        long[] offsets = {0, -TOLERANCE, -TOLERANCE - 1, -TOLERANCE + 1, TOLERANCE, TOLERANCE + 1, -86_400, 3_600,
            -random.nextInt(600), random.nextInt(600)};
        long timestamp = now + offsets[random.nextInt(offsets.length)];

        List<String> items = new ArrayList<>();
        List<String> signers = new ArrayList<>();
        for (String secret : secrets) {
            if (random.nextInt(3) > 0) {
                signers.add(secret);
            }
        }
        if (random.nextInt(5) == 0) {
            signers.add("whsec_" + token(random, 32));
        }
        for (String signer : signers) {
            items.add("v1=" + hex(Hmac.sha256(signer, timestamp + ".", body)));
        }
        if (random.nextBoolean()) {
            items.add("v0=" + hex(Hmac.sha256(secrets.get(0), timestamp + ".", body)));
        }
        if (random.nextInt(4) == 0) {
            items.add("v2=" + hex(Hmac.sha256(secrets.get(0), timestamp + ".", body)));
        }
        Collections.shuffle(items, random);
        items.add(random.nextInt(4) == 0 ? random.nextInt(items.size() + 1) : 0, "t=" + timestamp);
        String header = String.join(",", items);

        switch (random.nextInt(8)) {
            case 0 -> body = RandomBodies.flipOneByte(body, random);
            case 1 -> header = RandomBodies.flipOneChar(header, random);
            default -> { }
        }
        return new Case(body, header, secrets, timestamp);
    }

    private static String hex(byte[] mac) {
        return HexFormat.of().formatHex(mac);
    }

    private static String token(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }
}
