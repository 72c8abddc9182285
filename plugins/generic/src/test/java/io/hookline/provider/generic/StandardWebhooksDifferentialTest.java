package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.RandomBodies;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of randomized messages judged by the official {@code com.standardwebhooks} library
 * (the oracle) and by Hookline; the verdicts must be equal on every one. The library reads the
 * real clock, so each case is judged within one wall-clock second and redrawn if the second
 * turned meanwhile.
 */
class StandardWebhooksDifferentialTest {

    private static final int CASES = 5_000;
    private final StandardWebhooksProvider provider = new StandardWebhooksProvider();

    @Test
    void verdictsAgreeWithTheOfficialLibraryOnRandomizedMessages() {
        Random random = new Random(20261123);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            while (true) {
                long second = Instant.now().getEpochSecond();
                Case c = randomCase(random, second);
                boolean library = libraryAccepts(c);
                boolean ours = provider.bind(c.source()).verify(c.request(), Instant.ofEpochSecond(second))
                        instanceof Verification.Verified;
                if (Instant.now().getEpochSecond() != second) {
                    continue;
                }
                assertEquals(library, ours, "case " + i + ": the library says " + library + " for " + c.headers);
                accepted += ours ? 1 : 0;
                break;
            }
        }
        assertTrue(accepted > CASES / 5, "the generator must produce enough genuine messages: " + accepted);
    }

    private static boolean libraryAccepts(Case c) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        c.headers.forEach((name, value) -> headers.put(name, List.of(value)));
        for (String secret : c.secrets) {
            try {
                new Webhook(secret).verify(new String(c.body, StandardCharsets.UTF_8), headers);
                return true;
            } catch (Exception rejected) {
                // the library throws for every rejection; try the next secret
            }
        }
        return false;
    }

    private record Case(byte[] body, Map<String, String> headers, List<String> secrets) {
        InboundRequest request() {
            return InboundRequest.of("sw", headers, body);
        }

        SourceSettings source() {
            return new SourceSettings("sw", "standard-webhooks", secrets, Map.of());
        }
    }

    private static Case randomCase(Random random, long now) {
        List<String> secrets = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[24 + random.nextInt(41)];
            random.nextBytes(key);
            secrets.add("whsec_" + Base64.getEncoder().encodeToString(key));
        }
        byte[] body = RandomBodies.json(random, "\"type\":\"contact.created\",").getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        long[] offsets = {0, -300, 300, -301, 301, -299, 299, -3_600, 86_400, random.nextInt(1200) - 600};
        long timestamp = now + offsets[random.nextInt(offsets.length)];

        List<String> entries = new ArrayList<>();
        for (String secret : secrets) {
            if (random.nextInt(3) > 0) {
                entries.add("v1," + sign(secret, id, timestamp, body));
            }
        }
        if (random.nextInt(5) == 0) {
            byte[] stranger = new byte[32];
            random.nextBytes(stranger);
            entries.add("v1," + sign("whsec_" + Base64.getEncoder().encodeToString(stranger), id, timestamp, body));
        }
        if (random.nextBoolean()) {
            entries.add("v1a," + Base64.getEncoder().encodeToString(new byte[64]));
        }
        if (random.nextInt(4) == 0) {
            entries.add("v2," + sign(secrets.get(0), id, timestamp, body));
        }
        Collections.shuffle(entries, random);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", String.join(" ", entries));
        switch (random.nextInt(10)) {
            case 0 -> body = RandomBodies.flipOneByte(body, random);
            case 1 -> headers.put("webhook-id", id + "x");
            case 2 -> headers.put("webhook-timestamp", Long.toString(timestamp + 1));
            case 3 -> headers.put("webhook-signature", RandomBodies.flipOneChar(headers.get("webhook-signature"), random));
            default -> { }
        }
        return new Case(body, headers, secrets);
    }

    private static String sign(String secret, String id, long timestamp, byte[] body) {
        return Base64.getEncoder().encodeToString(Hmac.compute(Hmac.Algorithm.SHA256,
                io.hookline.provider.common.StandardWebhooksKey.decode(secret), id + "." + timestamp + ".", body));
    }
}
