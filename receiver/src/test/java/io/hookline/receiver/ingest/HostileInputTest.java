package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input that is not a forgery: a correctly signed body beyond the JSON reader's limits,
 * headers or a URL beyond the HTTP limits. Each gets its own clear answer in the standard error
 * shape, never a 500, and the signed ones are in the rejection log.
 */
class HostileInputTest {

    private static final String ADMIN = "hostile-input-admin-token-0123456789";

    @TempDir
    static Path dataDir;

    static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.admin-token", ADMIN);
        receiver = RunningReceiver.start(dataDir, config);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    // Every provider that reads JSON; the generic hmac source here takes its id from a header and
    // never reads the body, which may be anything its sender signs.
    @ParameterizedTest(name = "{0}: a signed body nested 1,500 deep is a payload error, logged")
    @ValueSource(strings = {"gh", "st", "zm", "ff", "ot", "sw"})
    void aSignedBodyNestedDeeperThanTheParserAllowsIsAPayloadErrorInTheRejectionLog(String source) {
        String nested = "[".repeat(1500) + "]".repeat(1500);
        byte[] body = ("{\"id\":\"evt_deep\",\"type\":\"x\",\"event\":\"x\",\"event_ts\":1,\"action\":\"a\",\"deep\":"
                + nested + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> error = sendSigned(source, body);
        assertTrue(String.valueOf(error.get("detail")).startsWith("body nests deeper than 1000 levels at line 1 column "),
                error.toString());
        assertFalse(String.valueOf(error.get("detail")).contains("StreamReadConstraints"), error.toString());
        assertLogged(source, error);
    }

    @ParameterizedTest(name = "{0}: a signed body with a 1,500-digit number is a payload error, logged")
    @ValueSource(strings = {"gh", "st", "zm", "ff", "ot", "sw"})
    void aSignedBodyWithAThousandsOfDigitsNumberIsAPayloadErrorInTheRejectionLog(String source) {
        String digits = "9".repeat(1500);
        byte[] body = ("{\"id\":\"evt_long\",\"type\":\"x\",\"event\":\"x\",\"event_ts\":" + digits + ",\"created\":"
                + digits + ",\"n\":" + digits + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> error = sendSigned(source, body);
        assertTrue(String.valueOf(error.get("detail")).startsWith("body has a number longer than 1000 digits at line 1 column "),
                error.toString());
        assertFalse(String.valueOf(error.get("detail")).contains("StreamReadConstraints"), error.toString());
        assertLogged(source, error);
    }

    @Test
    void headersOverTheLimitGet431InTheStandardErrorShape() {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
        headers.put("X-Padding", "p".repeat(9 * 1024));
        HttpResponse<String> response = receiver.post("/hooks/gh", delivery.body(), headers);
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 431, "headers_too_large");
        assertEquals("Request headers too large", error.get("title"));
        assertTrue(String.valueOf(error.get("detail")).contains("request headers are larger than the limit of 8192 bytes"),
                error.toString());
        assertAnsweringAfterwards();
    }

    @Test
    void aUrlOverTheLimitGets414InTheStandardErrorShape() {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        HttpResponse<String> response = receiver.post("/hooks/gh?pad=" + "u".repeat(5 * 1024), delivery.body(),
                delivery.headers());
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 414, "uri_too_long");
        assertEquals("URI too long", error.get("title"));
        assertTrue(String.valueOf(error.get("detail")).contains("URL is longer than the limit of 4096 bytes"),
                error.toString());
        assertAnsweringAfterwards();
    }

    @Test
    void aBodyOverItsLimitStillGets413() {
        byte[] body = new byte[2 * 1024 * 1024];
        GitHubDelivery delivery = GitHubDelivery.of("push", body, RunningReceiver.SECRET);
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", delivery.body(), delivery.headers()), 413, "payload_too_large");
        assertTrue(String.valueOf(error.get("detail")).contains("hookline.max-body-size"), error.toString());
    }

    private Map<String, Object> sendSigned(String source, byte[] body) {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = switch (source) {
            case "gh" -> receiver.post("/hooks/gh", body, GitHubDelivery.of("push", body, RunningReceiver.SECRET).headers());
            case "st" -> receiver.post("/hooks/st", body, Signers.stripe(body, now));
            case "zm" -> receiver.post("/hooks/zm", body, Signers.zoom(body, now));
            case "ff" -> receiver.post("/hooks/ff", body, Signers.fireflies(body));
            case "ot" -> receiver.post("/hooks/ot?token=" + Signers.OTTER_TOKEN, body, Map.of("Content-Type", "application/json"));
            default -> receiver.post("/hooks/sw", body, Signers.standardWebhooks(body, "msg_" + now, now));
        };
        return WebhookReceiveTestSupport.error(receiver, response, 400, "payload_invalid");
    }

    /** On-call finds the refusal by the request id its sender got, with the same detail. */
    @SuppressWarnings("unchecked")
    private void assertLogged(String source, Map<String, Object> error) {
        String requestId = (String) ((Map<String, Object>) error.get("meta")).get("request_id");
        List<Map<String, Object>> rejections = (List<Map<String, Object>>) receiver.json(receiver.send("GET",
                "/admin/rejections?source=" + source, null, Map.of("Authorization", "Bearer " + ADMIN))).get("rejections");
        Map<String, Object> logged = rejections.stream().filter(r -> requestId.equals(r.get("request_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("refusal " + requestId + " is not in the rejection log: " + rejections));
        assertEquals("payload_invalid", logged.get("code"));
        assertEquals(error.get("detail"), logged.get("detail"));
    }

    private static void assertAnsweringAfterwards() {
        assertEquals(200, receiver.get("/health").statusCode(), "the receiver answers the next request");
    }
}
