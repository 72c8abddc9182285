package io.hookline.provider.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.provider.common.StandardWebhooksKeyPair;
import io.hookline.provider.common.StandardWebhooksSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The other direction: {@code v1a} signatures made by Hookline's signer (the one subscriptions sign
 * deliveries with), checked once by Node's {@code crypto}. {@code hookline-signed.jsonl} holds each
 * case with its {@code whsk_} test key; {@code hookline-signed.node-verdicts.txt} is what
 * {@code node v1a-vectors.js verify < hookline-signed.jsonl} printed. Ed25519 signatures are
 * deterministic (RFC 8032), so Hookline signing the same message with the same key today must
 * write the very signature Node verified. To make new cases: run {@link #main}, then the node
 * command above.
 */
class HooklineSignedVectorsTest {

    private static final String DIRECTORY = "/vectors/standard-webhooks-v1a/";

    @Test
    void hooklineSignsExactlyWhatNodeVerified() throws IOException {
        List<Map<String, Object>> cases = VectorLines.read(DIRECTORY + "hookline-signed.jsonl");
        Map<String, String> node = nodeVerdicts();
        assertEquals(cases.size(), node.size(), "node judged every case");
        for (Map<String, Object> c : cases) {
            String name = (String) c.get("name");
            String whsk = (String) c.get("secret_key");
            byte[] body = Base64.getDecoder().decode((String) c.get("body_base64"));
            String signed = StandardWebhooksSigner.of(whsk).entry((String) c.get("id"),
                    Long.parseLong((String) c.get("timestamp")), body);
            if ("verified".equals(c.get("expected"))) {
                assertEquals(c.get("signature"), signed, name + ": Hookline's signature is the one Node verified");
                assertEquals(c.get("public_key"), StandardWebhooksKeyPair.whpkOf(whsk), name);
            }
            assertEquals(c.get("expected"), node.get(name), name + ": Node's verdict");
        }
        assertTrue(node.containsValue("rejected") && node.containsValue("verified"), "both verdicts are exercised");
    }

    private static Map<String, String> nodeVerdicts() throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        try (InputStream in = HooklineSignedVectorsTest.class.getResourceAsStream(DIRECTORY
                + "hookline-signed.node-verdicts.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] parts = line.trim().split(" ");
                    verdicts.put(parts[0], parts[1]);
                }
            }
        }
        return verdicts;
    }

    /** Prints new cases, each with a fresh test key pair, as {@code hookline-signed.jsonl} lines. */
    public static void main(String[] args) {
        String id = "evt_01JH7ZQ8R4S5T6V7W8X9Y0Z1AB";
        long timestamp = 1_765_000_000L;
        byte[] json = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":4200}}".getBytes(StandardCharsets.UTF_8);
        byte[] unicode = "{\"text\":\"naïve café — 日本語 ✓\"}\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        KeyPair one = StandardWebhooksKeyPair.generate();
        KeyPair two = StandardWebhooksKeyPair.generate();
        print("json-body", one, one, id, timestamp, json, "verified");
        print("non-ascii-body-with-crlf", one, one, id, timestamp, unicode, "verified");
        print("every-byte-value-body", two, two, id, timestamp, binary, "verified");
        print("signed-by-another-key", one, two, id, timestamp, json, "rejected");
    }

    private static void print(String name, KeyPair given, KeyPair signer, String id, long timestamp, byte[] body,
            String expected) {
        String whsk = StandardWebhooksKeyPair.whsk(given);
        String signature = StandardWebhooksSigner.of(StandardWebhooksKeyPair.whsk(signer)).entry(id, timestamp, body);
        System.out.println("{\"name\":\"" + name + "\",\"secret_key\":\"" + whsk + "\",\"public_key\":\""
                + StandardWebhooksKeyPair.whpkOf(whsk) + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + timestamp
                + "\",\"body_base64\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"signature\":\"" + signature
                + "\",\"expected\":\"" + expected + "\"}");
    }
}
