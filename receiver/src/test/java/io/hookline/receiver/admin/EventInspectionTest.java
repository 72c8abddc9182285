package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What on-call reads of a stored event over real HTTP: its body exactly as received, and finding it by the sender's key. */
class EventInspectionTest {

    private static final String ADMIN = "inspection-admin-token-0123456789abcdef";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void theBodyComesBackByteForByteWithItsContentTypeJsonOrNot() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config())) {
            GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            String pushId = (String) receiver.json(receiver.post("/hooks/gh", push.body(), push.headers())).get("id");
            byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 'h', 'i', (byte) 0xc3, 0x28, '\r', '\n'};
            Map<String, String> headers = new HashMap<>(Signers.acme(notUtf8, "acme-binary-1"));
            headers.put("Content-Type", "application/octet-stream");
            String binaryId = (String) receiver.json(receiver.post("/hooks/ac", notUtf8, headers)).get("id");

            HttpResponse<byte[]> json = body(receiver, pushId, AUTH);
            assertEquals(200, json.statusCode());
            assertArrayEquals(push.body(), json.body(), "the stored bytes, not a re-serialised form");
            assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            assertEquals("nosniff", json.headers().firstValue("x-content-type-options").orElseThrow());

            HttpResponse<byte[]> binary = body(receiver, binaryId, AUTH);
            assertEquals(200, binary.statusCode());
            assertArrayEquals(notUtf8, binary.body());
            assertEquals("application/octet-stream", binary.headers().firstValue("content-type").orElseThrow());

            assertEquals(404, body(receiver, "evt_01NOSUCHEVENT00000000000000", AUTH).statusCode());
            assertEquals(401, body(receiver, pushId, Map.of()).statusCode());
        }
    }

    @Test
    void anEventIsFoundByTheSendersKeyOnAnySourceOrOne() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config())) {
            GitHubDelivery pr = GitHubDelivery.of("pull_request", "did-you-get-this",
                    GitHubDelivery.payload("pull_request.opened.json"), RunningReceiver.SECRET);
            String id = (String) receiver.json(receiver.post("/hooks/gh", pr.body(), pr.headers())).get("id");
            receiver.post("/hooks/gh", pr.body(), pr.headers());

            assertEquals(List.of(id), ids(receiver, "?key=did-you-get-this"), "the first event; the repeat was a duplicate");
            assertEquals(List.of(id), ids(receiver, "?key=did-you-get-this&source=gh&type=pull_request.*"));
            assertEquals(List.of(), ids(receiver, "?key=did-you-get-this&source=ac"));
            assertEquals(List.of(), ids(receiver, "?key=did-you-get-this&status=dead"));
            assertEquals(List.of(), ids(receiver, "?key=never-sent"));
            assertEquals(List.of(), ids(receiver, "?key=did-you-get-this&to=2020-01-01T00:00:00Z"), "a time range applies");
        }
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.admin-token", ADMIN);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(RunningReceiver receiver, String query) {
        HttpResponse<String> listed = receiver.send("GET", "/admin/events" + query, null, AUTH);
        assertEquals(200, listed.statusCode(), listed.body());
        return ((List<Map<String, Object>>) receiver.json(listed).get("events")).stream()
                .map(event -> (String) event.get("id")).toList();
    }

    private static HttpResponse<byte[]> body(RunningReceiver receiver, String id, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.uri("/admin/events/" + id + "/body")).GET();
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
