package io.hookline.receiver.encoding;

import static io.hookline.receiver.encoding.CompressedBodies.concat;
import static io.hookline.receiver.encoding.CompressedBodies.deflate;
import static io.hookline.receiver.encoding.CompressedBodies.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender that compresses its body signs the bytes it sends: Hookline verifies those bytes, stores
 * them as they came with their {@code Content-Encoding}, and reads the event's id from the decoded
 * JSON. A signature over the uncompressed JSON does not match what was sent.
 */
class CompressedDeliveryTest {

    private static final String ADMIN = "compressed-admin-token-0123456789abc";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final byte[] PUSH = GitHubDelivery.payload("push.json");

    @TempDir
    static Path dataDir;

    static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", ADMIN,
                "hookline.max-body-size", "64KB"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aGzipBodySignedOverItsCompressedBytesIsAcceptedAndStoredByteForByte() throws Exception {
        byte[] gzipped = gzip(PUSH);
        GitHubDelivery delivery = GitHubDelivery.of("push", gzipped, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");

        HttpResponse<String> response = receiver.post("/hooks/gh", gzipped, delivery.headers());

        assertEquals(200, response.statusCode(), response.body());
        String id = (String) receiver.json(response).get("id");
        HttpResponse<byte[]> body = getBytes("/admin/events/" + id + "/body");
        assertEquals(200, body.statusCode());
        assertArrayEquals(gzipped, body.body(), "the stored body is the compressed bytes the sender sent");
        assertEquals("gzip", body.headers().firstValue("Content-Encoding").orElse(null),
                "the body is answered saying how it is coded");
        Map<String, Object> event = receiver.json(receiver.send("GET", "/admin/events/" + id, null, AUTH));
        assertEquals("gzip", ((Map<?, ?>) event.get("headers")).get("content-encoding"),
                "the stored headers say what arrived");
        assertEquals(delivery.deliveryId(), event.get("key"), "the id was read from the decoded JSON");
    }

    @Test
    void aGzipBodySignedOverTheUncompressedJsonIsRefused() throws Exception {
        GitHubDelivery signedPlain = GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");

        HttpResponse<String> response = receiver.post("/hooks/gh", gzip(PUSH), signedPlain.headers());

        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 401, "signature_invalid");
        String requestId = (String) ((Map<?, ?>) error.get("meta")).get("request_id");
        Map<?, ?> finding = Eventually.await("the refusal's diagnosis", Duration.ofSeconds(20), () -> {
            List<?> rejections = (List<?>) receiver.json(receiver.send("GET", "/admin/rejections?source=gh", null, AUTH))
                    .get("rejections");
            return rejections.stream().map(r -> (Map<?, ?>) r)
                    .filter(r -> requestId.equals(r.get("request_id")) && Boolean.TRUE.equals(r.get("diagnosed")))
                    .map(r -> (Map<?, ?>) ((List<?>) r.get("diagnosis")).get(0)).findFirst().orElse(null);
        }, found -> found != null);
        assertEquals("body_modified", finding.get("code"));
        assertTrue(String.valueOf(finding.get("detail")).contains("compressed after it was signed"), finding.toString());
    }

    @Test
    void aSignedBodyThatIsNotTheGzipItSaysIsAPayloadError() {
        byte[] notGzip = "{\"zen\":\"not compressed at all\"}".getBytes(StandardCharsets.UTF_8);
        GitHubDelivery delivery = GitHubDelivery.of("push", notGzip, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", notGzip, delivery.headers()), 400, "payload_invalid");
        assertEquals("the body is not valid gzip: it does not start with the gzip magic bytes 1f 8b", error.get("detail"),
                error.toString());
    }

    @Test
    void aSignedGzipBodyWithBytesAfterTheGzipDataIsAPayloadError() {
        byte[] padded = concat(gzip(PUSH), "junk\n".getBytes(StandardCharsets.US_ASCII));
        GitHubDelivery delivery = GitHubDelivery.of("push", padded, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", padded, delivery.headers()), 400, "payload_invalid");
        assertEquals("the body is not valid gzip: it has 5 bytes after the gzip data", error.get("detail"),
                error.toString());
    }

    @Test
    void aSignedGzipBodyOfTwoMembersIsReadAsOneBody() throws Exception {
        String json = new String(PUSH, StandardCharsets.UTF_8);
        int half = json.length() / 2;
        byte[] members = concat(gzip(json.substring(0, half).getBytes(StandardCharsets.UTF_8)),
                gzip(json.substring(half).getBytes(StandardCharsets.UTF_8)));
        GitHubDelivery delivery = GitHubDelivery.of("push", members, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");

        HttpResponse<String> response = receiver.post("/hooks/gh", members, delivery.headers());

        assertEquals(200, response.statusCode(), "concatenated members are one gzip body (RFC 1952 2.2): "
                + response.body());
        String id = (String) receiver.json(response).get("id");
        assertArrayEquals(members, getBytes("/admin/events/" + id + "/body").body(), "stored as sent");
    }

    @Test
    void aSignedGzipBodyCutShortIsAPayloadError() {
        byte[] whole = gzip(PUSH);
        byte[] cut = Arrays.copyOf(whole, whole.length - 4);
        GitHubDelivery delivery = GitHubDelivery.of("push", cut, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", cut, delivery.headers()), 400, "payload_invalid");
        assertEquals("the body is not valid gzip: it ends before its gzip trailer (the data's CRC-32 and length) does",
                error.get("detail"), error.toString());
    }

    @Test
    void aSignedDeflateBodyIsReadAndOneWithBytesAfterItsDataIsAPayloadError() {
        byte[] deflated = deflate(PUSH);
        GitHubDelivery delivery = GitHubDelivery.of("push", deflated, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "deflate");
        assertEquals(200, receiver.post("/hooks/gh", deflated, delivery.headers()).statusCode());

        byte[] padded = concat(deflated, new byte[] {0});
        GitHubDelivery paddedDelivery = GitHubDelivery.of("push", padded, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "deflate");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", padded, paddedDelivery.headers()), 400, "payload_invalid");
        assertEquals("the body is not valid deflate: it has 1 byte after the deflate data", error.get("detail"),
                error.toString());
    }

    @Test
    void aSignedBodyInAnUnsupportedCodingGets415() {
        GitHubDelivery delivery = GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "br");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", PUSH, delivery.headers()), 415, "encoding_unsupported");
        assertTrue(String.valueOf(error.get("detail")).contains("'br' is not supported"), error.toString());
    }

    @Test
    void aSmallGzipBodyThatInflatesBeyondTheBodyLimitGets413() throws Exception {
        byte[] large = ("{\"zen\":\"" + "a".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] bomb = gzip(large);
        assertTrue(bomb.length < 64 * 1024, "the compressed body is under the limit");
        GitHubDelivery delivery = GitHubDelivery.of("push", bomb, RunningReceiver.SECRET)
                .withHeader("Content-Encoding", "gzip");
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver,
                receiver.post("/hooks/gh", bomb, delivery.headers()), 413, "payload_too_large");
        assertTrue(String.valueOf(error.get("detail")).contains("inflates to more than the limit"), error.toString());
    }

    @Test
    void theAdminApiRefusesACompressedBodyWith415InsteadOfMisreadingIt() throws Exception {
        byte[] filter = gzip("{\"status\":\"dead\",\"dry_run\":true}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>(AUTH);
        headers.put("Content-Type", "application/json");
        headers.put("Content-Encoding", "gzip");
        HttpResponse<String> response = receiver.send("POST", "/admin/replay", filter, headers);
        WebhookReceiveTestSupport.error(receiver, response, 415, "encoding_unsupported");
        assertEquals("identity", response.headers().firstValue("Accept-Encoding").orElse(null));
    }

    private static HttpResponse<byte[]> getBytes(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.uri(path)).timeout(Duration.ofSeconds(30));
        AUTH.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
