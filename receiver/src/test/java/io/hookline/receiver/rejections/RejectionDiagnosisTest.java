package io.hookline.receiver.rejections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.Payloads;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.Signers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a request was refused, over real HTTP: each diagnosis as on-call reads it in
 * {@code GET /admin/rejections}, while the sender's answer stays the plain 401, and the burst
 * warning in Sentry carries the leading finding.
 */
class RejectionDiagnosisTest {

    private static final String ADMIN = "rejections-admin-token-0123456789abc";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final String OTHER_SECRET = "the-billing-repos-secret-0123456789";
    private static final byte[] PUSH = GitHubDelivery.payload("push.json");

    @TempDir
    Path dataDir;

    @Test
    void eachRefusalIsDiagnosedAfterTheAnswerWhichStaysThePlainRefusal() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); RunningReceiver receiver = RunningReceiver.start(dataDir, config(sentry))) {
            // Signed with the secret of another source: the sender's console points at the wrong URL.
            GitHubDelivery wrongUrl = GitHubDelivery.of("push", PUSH, OTHER_SECRET);
            HttpResponse<String> refused = receiver.post("/hooks/gh", wrongUrl.body(), wrongUrl.headers());
            assertEquals(401, refused.statusCode());
            assertFalse(refused.body().contains("billing"), "the answer is no oracle: " + refused.body());
            for (int again = 0; again < 2; again++) {
                GitHubDelivery alsoWrong = GitHubDelivery.of("push", PUSH, OTHER_SECRET);
                assertEquals(401, receiver.post("/hooks/gh", alsoWrong.body(), alsoWrong.headers()).statusCode());
            }
            GitHubDelivery unknown = GitHubDelivery.of("push", PUSH, "a-secret-nobody-configured");
            HttpResponse<String> noMatch = receiver.post("/hooks/gh", unknown.body(), unknown.headers());
            assertEquals(detail(receiver, refused), detail(receiver, noMatch), "the same answer either way");
            assertEquals("secret_of_other_source", leading(receiver, wrongUrl.body(), "gh").get("code"));
            assertTrue(leading(receiver, wrongUrl.body(), "gh").get("detail").contains("source billing"));
            assertEquals("no_match", leadingOfNewest(receiver, "gh").get("code"));

            // Valid signatures over a likely original of the body.
            byte[] compact = Diagnosed.compactJson(PUSH);
            GitHubDelivery signedCompact = GitHubDelivery.of("push", compact, RunningReceiver.SECRET);
            assertEquals(401, receiver.post("/hooks/gh", PUSH, signedCompact.headers()).statusCode());
            assertDiagnosis(receiver, "gh", "body_modified", "the JSON was re-serialised");
            GitHubDelivery signed = GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET);
            assertEquals(401, receiver.post("/hooks/gh", Diagnosed.append(PUSH, "\n"), signed.headers()).statusCode());
            assertDiagnosis(receiver, "gh", "body_modified", "a trailing newline was added");
            byte[] lf = "{\n  \"zen\": \"Keep it logically awesome.\"\n}".getBytes(StandardCharsets.UTF_8);
            GitHubDelivery signedLf = GitHubDelivery.of("ping", lf, RunningReceiver.SECRET);
            byte[] crlf = new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            assertEquals(401, receiver.post("/hooks/gh", crlf, signedLf.headers()).statusCode());
            assertDiagnosis(receiver, "gh", "body_modified", "line ends were turned from LF into CRLF");

            // Headers.
            GitHubDelivery missing = GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET);
            Map<String, String> noSignature = new LinkedHashMap<>(missing.headers());
            noSignature.remove("X-Hub-Signature-256");
            assertEquals(401, receiver.post("/hooks/gh", PUSH, noSignature).statusCode());
            assertDiagnosis(receiver, "gh", "header_missing", "X-Hub-Signature-256");
            assertEquals(401, receiver.post("/hooks/gh", PUSH, missing.withHeader("X-Hub-Signature-256", "sha256=zz").headers())
                    .statusCode());
            assertDiagnosis(receiver, "gh", "header_malformed", "X-Hub-Signature-256");
            Map<String, String> sha1Only = new LinkedHashMap<>(noSignature);
            sha1Only.put("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567");
            assertEquals(401, receiver.post("/hooks/gh", PUSH, sha1Only).statusCode());
            assertDiagnosis(receiver, "gh", "algorithm_unsupported", "SHA-1");
            byte[] contact = "{\"type\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> asymmetricOnly = new LinkedHashMap<>(Signers.standardWebhooks(contact, "msg_1",
                    System.currentTimeMillis() / 1000));
            asymmetricOnly.put("Webhook-Signature", "v1a,AAAA");
            assertEquals(401, receiver.post("/hooks/sw", contact, asymmetricOnly).statusCode());
            assertDiagnosis(receiver, "sw", "algorithm_unsupported", "only v1a (Ed25519) signatures were sent and source sw has no whpk_ public key");

            // A valid Stripe signature made an hour ago, and one ten minutes ahead.
            byte[] stripe = Payloads.bytes("stripe/customer.created.stripe-java-api_fixture.json");
            long now = System.currentTimeMillis() / 1000;
            assertEquals(401, receiver.post("/hooks/st", stripe, Signers.stripe(stripe, now - 3600)).statusCode());
            assertOffset(receiver, "st", 3600, "in the past");
            assertEquals(401, receiver.post("/hooks/st", stripe, Signers.stripe(stripe, now + 600)).statusCode());
            assertOffset(receiver, "st", 600, "in the future");

            // What is kept: no body, no signature; the request id of the answer, the body's digest.
            HttpResponse<String> listed = receiver.send("GET", "/admin/rejections?source=gh&limit=2", null, AUTH);
            assertEquals(200, listed.statusCode());
            List<?> two = (List<?>) receiver.json(listed).get("rejections");
            assertEquals(2, two.size());
            Map<?, ?> newest = (Map<?, ?>) two.get(0);
            List<?> everyGh = (List<?>) receiver.json(receiver.send("GET", "/admin/rejections?source=gh", null, AUTH))
                    .get("rejections");
            Map<?, ?> oldest = (Map<?, ?>) everyGh.get(everyGh.size() - 1);
            assertEquals(List.of("signature_invalid", ((Map<?, ?>) receiver.json(refused).get("error")).get("meta") instanceof
                    Map<?, ?> meta ? meta.get("request_id") : null), List.of(oldest.get("code"), oldest.get("request_id")),
                    "the refusal on-call is asked about, found by the request id its sender got");
            assertEquals(PUSH.length, ((Number) newest.get("body_size")).intValue());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PUSH)), newest.get("body_sha256"));
            assertEquals("127.0.0.1", newest.get("remote_address"));
            String all = receiver.send("GET", "/admin/rejections?limit=500", null, AUTH).body();
            assertFalse(all.contains(signed.headers().get("X-Hub-Signature-256").substring(7)), "no signature is kept");
            assertFalse(all.contains("Keep it logically awesome"), "no body is kept");
            assertFalse(all.contains(OTHER_SECRET) || all.contains(RunningReceiver.SECRET), "no secret");
            assertEquals(401, receiver.send("GET", "/admin/rejections", null, Map.of()).statusCode());

            // Three refusals are a burst here: one warning, with the diagnosis of the third.
            List<String> warnings = Eventually.await("the burst warning", Duration.ofSeconds(10), sentry::events,
                    events -> !events.isEmpty());
            assertTrue(warnings.get(0).contains("diagnosis: secret_of_other_source"), warnings.get(0));
        }
    }

    @Test
    void aGitHubRequestSignedWithTheSecretOfASourceOfAnotherProviderIsFoundToo() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); RunningReceiver receiver = RunningReceiver.start(dataDir, config(sentry))) {
            // The Stripe endpoint's secret pasted into GitHub's console for /hooks/gh.
            GitHubDelivery withStripesSecret = GitHubDelivery.of("push", PUSH, Signers.STRIPE_SECRET);
            assertEquals(401, receiver.post("/hooks/gh", withStripesSecret.body(), withStripesSecret.headers()).statusCode());
            assertDiagnosis(receiver, "gh", "secret_of_other_source", "a secret of source st");
        }
    }

    private static Map<String, Object> config(SentryIngest sentry) {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.sources.billing.provider", "github");
        config.put("hookline.sources.billing.secrets", OTHER_SECRET);
        config.put("hookline.sentry.dsn", sentry.dsn());
        config.put("hookline.sentry.environment", "staging");
        config.put("hookline.sentry.signature-burst-threshold", 3);
        return config;
    }

    private static void assertDiagnosis(RunningReceiver receiver, String source, String code, String words) {
        Map<?, ?> finding = leadingOfNewest(receiver, source);
        assertEquals(code, finding.get("code"), finding.toString());
        assertTrue(String.valueOf(finding.get("detail")).contains(words), finding.toString());
    }

    /** A clock skew told in whole seconds: the second may turn between signing here and receiving there. */
    private static void assertOffset(RunningReceiver receiver, String source, long seconds, String direction) {
        Map<?, ?> finding = leadingOfNewest(receiver, source);
        assertEquals("timestamp_outside_window", finding.get("code"), finding.toString());
        Matcher told = Pattern.compile("(\\d+) s " + direction).matcher(String.valueOf(finding.get("detail")));
        assertTrue(told.find(), finding.toString());
        assertTrue(Math.abs(Long.parseLong(told.group(1)) - seconds) <= 2, finding.toString());
    }

    private static Map<?, ?> leadingOfNewest(RunningReceiver receiver, String source) {
        Map<?, ?> newest = Eventually.await("the diagnosis", Duration.ofSeconds(10), () -> (Map<?, ?>) ((List<?>) receiver
                .json(receiver.send("GET", "/admin/rejections?limit=1&source=" + source, null, AUTH)).get("rejections"))
                .get(0), entry -> Boolean.TRUE.equals(entry.get("diagnosed")));
        return (Map<?, ?>) ((List<?>) newest.get("diagnosis")).get(0);
    }

    private static Map<String, String> leading(RunningReceiver receiver, byte[] body, String source) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return Eventually.await("the diagnosis", Duration.ofSeconds(10), () -> {
            List<?> all = (List<?>) receiver.json(receiver.send("GET", "/admin/rejections?source=" + source, null, AUTH))
                    .get("rejections");
            Map<?, ?> entry = (Map<?, ?>) all.get(all.size() - 1);
            @SuppressWarnings("unchecked")
            Map<String, String> first = Boolean.TRUE.equals(entry.get("diagnosed"))
                    ? (Map<String, String>) ((List<?>) entry.get("diagnosis")).get(0) : Map.of();
            return sha.equals(entry.get("body_sha256")) ? first : Map.of();
        }, found -> !found.isEmpty());
    }

    private static String detail(RunningReceiver receiver, HttpResponse<String> answer) {
        return (String) ((Map<?, ?>) receiver.json(answer).get("error")).get("detail");
    }

    /** Bodies as something between a sender and Hookline might have re-encoded them. */
    private static final class Diagnosed {
        static byte[] compactJson(byte[] json) {
            try {
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                return mapper.writeValueAsBytes(mapper.readTree(json));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static byte[] append(byte[] body, String suffix) {
            byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            byte[] joined = java.util.Arrays.copyOf(body, body.length + tail.length);
            System.arraycopy(tail, 0, joined, body.length, tail.length);
            return joined;
        }
    }
}
