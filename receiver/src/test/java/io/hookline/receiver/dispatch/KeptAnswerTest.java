package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.DownstreamAnswer;
import io.hookline.store.AttemptAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a target's answer is kept, whoever reported it: no credentials, bounded, readable. */
class KeptAnswerTest {

    @Test
    void theUrlKeepsHostPortAndPathButNoCredentialsQueryValuesOrFragment() {
        assertEquals("https://hooks.example:8443/in/ci?token=••••&env=••••&flag",
                KeptAnswer.url("https://deploy:s3cret@hooks.example:8443/in/ci?token=abc&env=prod&flag#top"));
        assertEquals("http://127.0.0.1/", KeptAnswer.url("http://user@127.0.0.1/"));
        assertEquals("(not a URL)", KeptAnswer.url("not a url at all"));
    }

    @Test
    void cookiesAndCredentialsAreMaskedByNameWhileAChallengeSaysWhyTheTargetRefused() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("Set-Cookie", "session=abc");
        given.put("x-api-key", "k-123");
        given.put("x-auth-token", "t-123");
        given.put("www-authenticate", "Bearer error=\"invalid_token\"");
        given.put("x-request-id", "req-1");
        Map<String, String> kept = KeptAnswer.headers(given);
        assertEquals("••••", kept.get("set-cookie"));
        assertEquals("••••", kept.get("x-api-key"));
        assertEquals("••••", kept.get("x-auth-token"));
        assertEquals("Bearer error=\"invalid_token\"", kept.get("www-authenticate"));
        assertEquals("req-1", kept.get("x-request-id"));
    }

    @Test
    void atMostThirtyHeadersAndFourKilobytesAreKeptAndWhatIsLeftOutIsCounted() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("x-h" + i, "v");
        }
        Map<String, String> kept = KeptAnswer.headers(many);
        assertEquals(31, kept.size(), "thirty, and the count of the rest");
        assertEquals("10", kept.get(KeptAnswer.LEFT_OUT));

        Map<String, String> large = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            large.put("x-big" + i, "y".repeat(600));
        }
        Map<String, String> bounded = KeptAnswer.headers(large);
        int bytes = bounded.entrySet().stream().filter(h -> !h.getKey().equals(KeptAnswer.LEFT_OUT))
                .mapToInt(h -> h.getKey().length() + h.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
        assertTrue(bytes <= KeptAnswer.MOST_HEADER_BYTES, bytes + " bytes kept");
        assertEquals(KeptAnswer.LONGEST_VALUE + 1, bounded.get("x-big0").length(), "a long value is cut, with an ellipsis");
        assertTrue(bounded.containsKey(KeptAnswer.LEFT_OUT), bounded.keySet().toString());
    }

    @Test
    void aCredentialTheTargetEchoesIsFilteredOutOfEverythingKept() {
        String token = "jenkins-api-token-1234";
        DownstreamAnswer echoed = new DownstreamAnswer(401, "https://ci.example/job?x=1", Map.of("x-seen", "Basic "
                + token), "<p>refused Authorization: Basic " + token + "</p>", Duration.ofMillis(3));
        AttemptAnswer kept = KeptAnswer.of(echoed, text -> text.replace(token, "[Filtered]"));
        assertEquals("<p>refused Authorization: Basic [Filtered]</p>", kept.body());
        assertEquals("Basic [Filtered]", kept.headers().get("x-seen"));
    }

    @Test
    void aHandlerThatReportsALongBodyHasItsFirstKilobyteKeptOnACharacterBoundary() {
        String body = "a".repeat(1022) + "€ and more";
        AttemptAnswer kept = KeptAnswer.of(new DownstreamAnswer(502, "http://t.example/x", Map.of(), body,
                Duration.ofMillis(12)));
        assertEquals("a".repeat(1022), kept.body(), "the euro sign does not fit whole in the kilobyte");
        assertEquals(12, kept.tookMillis());
        assertNull(KeptAnswer.of(null), "no answer reported, none kept");
    }
}
