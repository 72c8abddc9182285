package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import io.hookline.spi.StoredEvent;
import io.hookline.store.EventStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint contract of {@code POST /hooks/{source}}, over real HTTP, on a real SQLite file. */
class WebhookReceiveTest {

    @TempDir
    static Path dataDir;

    static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = RunningReceiver.start(dataDir);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void signedDeliveryIsAcceptedAndStoredWithItsRawBytes() {
        byte[] body = GitHubDelivery.payload("push.json");
        GitHubDelivery delivery = GitHubDelivery.of("push", body, RunningReceiver.SECRET);

        HttpResponse<String> response = post(delivery);

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = receiver.json(response);
        assertEquals("accepted", answer.get("status"));
        String id = (String) answer.get("id");
        StoredEvent stored = receiver.context().getBean(EventStore.class).find(id).orElseThrow();
        assertArrayEquals(body, stored.body(), "the stored body is the exact bytes sent");
        assertEquals(delivery.deliveryId(), stored.key());
        assertEquals("push", stored.type());
        assertEquals("gh", stored.source());
        assertEquals("push", stored.headers().get("x-github-event"));
        assertFalse(stored.headers().containsKey("x-hub-signature-256"), "signatures are not stored");
    }

    @Test
    void duplicateDeliveryIsAcknowledgedButStoredOnce() {
        GitHubDelivery delivery = GitHubDelivery.of("ping", GitHubDelivery.payload("ping.json"), RunningReceiver.SECRET);

        Map<String, Object> first = receiver.json(post(delivery));
        HttpResponse<String> again = post(delivery);

        assertEquals(200, again.statusCode());
        assertEquals(Map.of("status", "duplicate", "id", first.get("id")), receiver.json(again));
        assertEquals(1, receiver.count("SELECT count(*) FROM events WHERE idempotency_key = ?", delivery.deliveryId()));
    }

    @Test
    void deliverySignedWithTheSecondSecretIsAccepted() {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"),
                RunningReceiver.SECOND_SECRET);
        assertEquals("accepted", receiver.json(post(delivery)).get("status"));
    }

    @Test
    void wrongSignatureIsRejectedWithTheStandardErrorBodyAndNothingStored() {
        GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "not-the-secret");

        HttpResponse<String> response = post(forged);

        assertEquals(401, response.statusCode());
        Map<String, Object> error = error(response, 401, "signature_invalid");
        assertEquals("X-Hub-Signature-256 does not match the body with any configured secret", error.get("detail"));
        assertFalse(response.body().contains(RunningReceiver.SECRET), "the secret never appears in an answer");
        assertFalse(response.body().contains(forged.headers().get("X-Hub-Signature-256").substring(7)));
        assertEquals(0, receiver.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", forged.deliveryId()));
    }

    @Test
    void tamperedBodyIsRejected() {
        byte[] body = GitHubDelivery.payload("push.json");
        GitHubDelivery delivery = GitHubDelivery.of("push", body, RunningReceiver.SECRET);
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        HttpResponse<String> response = receiver.post("/hooks/gh", tampered, delivery.headers());
        error(response, 401, "signature_invalid");
    }

    @Test
    void missingSignatureIsRejected() {
        GitHubDelivery delivery = GitHubDelivery.of("push", "{}".getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET)
                .withHeader("X-Hub-Signature-256", "");
        Map<String, Object> error = error(post(delivery), 401, "signature_invalid");
        assertTrue(((String) error.get("detail")).contains("X-Hub-Signature-256"), error.toString());
    }

    @Test
    void unknownSourceIsNotFound() {
        GitHubDelivery delivery = GitHubDelivery.of("push", "{}".getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET);
        HttpResponse<String> response = receiver.post("/hooks/nobody", delivery.body(), delivery.headers());
        Map<String, Object> error = error(response, 404, "source_not_found");
        assertEquals("no source named 'nobody' is configured", error.get("detail"));
    }

    @Test
    void bodyOverTheSizeLimitIsRefusedWith413() {
        byte[] huge = new byte[1024 * 1024 + 1];
        GitHubDelivery delivery = GitHubDelivery.of("push", huge, RunningReceiver.SECRET);
        error(post(delivery), 413, "payload_too_large");
    }

    @Test
    void chunkedBodyOverTheSizeLimitIsRefusedWith413() throws Exception {
        byte[] huge = new byte[1024 * 1024 + 1];
        GitHubDelivery delivery = GitHubDelivery.of("push", huge, RunningReceiver.SECRET);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(receiver.uri("/hooks/gh"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)));
        delivery.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("the receiver should answer 413, not drop the connection", e);
        }
        error(response, 413, "payload_too_large");
    }

    @Test
    void signedBodyThatIsNotJsonIsAPayloadError() {
        GitHubDelivery delivery = GitHubDelivery.of("push", "{\"ref\":".getBytes(StandardCharsets.UTF_8),
                RunningReceiver.SECRET);
        Map<String, Object> error = error(post(delivery), 400, "payload_invalid");
        assertEquals("body is not JSON: it ends before the JSON does at line 1 column 8", error.get("detail"), error.toString());
    }

    @Test
    void signedFormBodyWhosePayloadHasABadEscapeIsAPayloadErrorSayingWhere() {
        byte[] form = "zen=Design+for+failure.&payload=%7B%22ref%22%3A%22main%zz%7D".getBytes(StandardCharsets.US_ASCII);
        GitHubDelivery delivery = GitHubDelivery.of("push", form, RunningReceiver.SECRET)
                .withHeader("Content-Type", "application/x-www-form-urlencoded");
        Map<String, Object> error = error(post(delivery), 400, "payload_invalid");
        assertEquals("form field 'payload' has a bad %-escape at character 55: '%' must be followed by two hex digits",
                error.get("detail"), error.toString());
    }

    @Test
    void everyAnswerCarriesTheCallersRequestId() {
        GitHubDelivery delivery = GitHubDelivery.of("push", "{}".getBytes(StandardCharsets.UTF_8), "wrong")
                .withHeader("X-Request-Id", "trace-42");
        HttpResponse<String> response = post(delivery);
        assertEquals("trace-42", response.headers().firstValue("X-Request-Id").orElse(null));
        assertEquals("trace-42", ((Map<?, ?>) error(response, 401, "signature_invalid").get("meta")).get("request_id"));
    }

    @Test
    void unknownPathAnswersInTheSameErrorShape() {
        error(receiver.get("/nothing-here"), 404, "not_found");
        error(receiver.get("/hooks/gh"), 405, "method_not_allowed");
    }

    @Test
    void healthIsUpWhenTheDatabaseTakesWrites() {
        HttpResponse<String> response = receiver.get("/health");
        assertEquals(200, response.statusCode());
        assertEquals(Map.of("status", "UP"), receiver.json(response));
    }

    @ParameterizedTest(name = "{0} lands as {2}")
    @CsvSource({
        "push.json, push, push",
        "push.with-new-branch.json, push, push",
        "ping.json, ping, ping",
        "ping.with-app_id.json, ping, ping",
        "pull_request.opened.json, pull_request, pull_request.opened",
        "pull_request.closed.json, pull_request, pull_request.closed",
        "pull_request.synchronize.json, pull_request, pull_request.synchronize",
        "issues.opened.json, issues, issues.opened",
        "check_run.completed.json, check_run, check_run.completed",
        "check_suite.completed.json, check_suite, check_suite.completed",
        "status.json, status, status",
        "installation.created.json, installation, installation.created",
        "workflow_run.completed.json, workflow_run, workflow_run.completed"
    })
    void realGitHubPayloadLandsWithItsKeyAndType(String file, String event, String expectedType) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(file), RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(post(delivery));
        assertEquals("accepted", answer.get("status"), answer.toString());
        StoredEvent stored = receiver.context().getBean(EventStore.class).find((String) answer.get("id")).orElseThrow();
        assertEquals(expectedType, stored.type());
        assertEquals(delivery.deliveryId(), stored.key());
    }

    private static HttpResponse<String> post(GitHubDelivery delivery) {
        return receiver.post("/hooks/gh", delivery.body(), delivery.headers());
    }

    private static Map<String, Object> error(HttpResponse<String> response, int status, String code) {
        return WebhookReceiveTestSupport.error(receiver, response, status, code);
    }
}
