package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks {@code v1a} (Ed25519) vectors made by Node's {@code crypto}, an implementation
 * independent of the JDK's: {@code vectors/standard-webhooks-v1a/node-signed.jsonl}, written by
 * {@code v1a-vectors.js generate} beside it. Each case names the keys a source is configured with,
 * the message, the {@code webhook-signature} header Node wrote and the verdict a receiver must give.
 */
class StandardWebhooksNodeVectorsTest {

    private final StandardWebhooksProvider provider = new StandardWebhooksProvider();

    @Test
    @SuppressWarnings("unchecked")
    void hooklineGivesNodesVerdictOnEveryVector() {
        List<Map<String, Object>> cases = VectorLines.read("/vectors/standard-webhooks-v1a/node-signed.jsonl");
        assertTrue(cases.size() >= 10, "the vectors file holds the cases: " + cases.size());
        int verified = 0;
        for (Map<String, Object> c : cases) {
            String name = (String) c.get("name");
            long timestamp = Long.parseLong((String) c.get("timestamp"));
            InboundRequest request = InboundRequest.of("sw", Map.of("webhook-id", (String) c.get("id"),
                    "webhook-timestamp", (String) c.get("timestamp"), "webhook-signature", (String) c.get("signature")),
                    Base64.getDecoder().decode((String) c.get("body_base64")));
            Verification verdict = provider.bind(new SourceSettings("sw", "standard-webhooks",
                    (List<String>) c.get("secrets"), Map.of())).verify(request, Instant.ofEpochSecond(timestamp));
            String ours = verdict instanceof Verification.Verified ? "verified" : "rejected";
            assertEquals(c.get("expected"), ours, name + ": Hookline answered " + verdict);
            verified += ours.equals("verified") ? 1 : 0;
        }
        assertTrue(verified >= 5, "enough genuine messages among the vectors: " + verified);
    }
}
