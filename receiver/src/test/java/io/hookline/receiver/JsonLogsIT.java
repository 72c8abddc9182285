package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.ReceiverProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar started with {@code HOOKLINE_LOG_FORMAT=json}, as a systemd environment file sets it: everything
 * it writes, from the start through a webhook to the stop, and a start that fails, is one JSON object a
 * line that a log shipper can take as it is.
 */
class JsonLogsIT {

    /** A key written twice on one line is an error, as it is to a strict reader such as Elasticsearch. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String SECRET = "a-long-enough-secret-for-the-test";
    private static final Map<String, String> JSON_FORMAT = Map.of("HOOKLINE_LOG_FORMAT", "json");

    @TempDir
    Path dir;

    private Path config(int port, String secret) throws IOException {
        Path config = dir.resolve("hookline.yml");
        Files.writeString(config, String.join("\n", List.of(
                "micronaut.server.port: " + port,
                "hookline:",
                "  data-dir: " + dir.resolve("data"),
                "  plugins-dir: " + dir.resolve("plugins"),
                "  admin-token: 0123456789abcdef0123456789abcdef",
                "  sources:",
                "    gh:",
                "      provider: github",
                "      secrets: [ \"" + secret + "\" ]",
                "  routes:",
                "    - name: pushes",
                "      match: \"gh:push\"",
                "      handler: log")));
        return config;
    }

    /** Every line of {@code output}, each parsed as JSON; a line that is not one JSON object fails the test. */
    private static List<JsonNode> lines(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a line a log shipper cannot parse: " + line + "\nin:\n" + output, e);
            }
            assertTrue(parsed.isObject(), "not a JSON object: " + line);
            lines.add(parsed);
        }
        return lines;
    }

    /** The fields every line carries, with the message's arguments filled in and the time in UTC. */
    private static void assertComplete(JsonNode line) {
        for (String field : List.of("@timestamp", "level", "logger", "thread", "message")) {
            assertTrue(line.path(field).isTextual() && !line.path(field).asText().isEmpty(), "no " + field + ": " + line);
        }
        assertFalse(line.path("message").asText().contains("{}"), "a placeholder left unfilled: " + line);
        try {
            assertEquals(ZoneOffset.UTC, OffsetDateTime.parse(line.path("@timestamp").asText()).getOffset(),
                    "the time is UTC: " + line);
        } catch (DateTimeParseException e) {
            throw new AssertionError("@timestamp is not ISO-8601: " + line, e);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void fromStartThroughAWebhookToStopEveryLineIsACompleteJsonObject() throws Exception {
        int port = ReceiverProcess.freePort();
        Path log = dir.resolve("out.log");
        ReceiverProcess receiver = ReceiverProcess.start(config(port, SECRET), port, log, JSON_FORMAT);
        try {
            ReceiverProcess.Answer answer = receiver.send(GitHubDelivery.of("push", GitHubDelivery.payload("push.json"),
                    SECRET));
            assertTrue(answer.acknowledged(), "the webhook is accepted: " + answer + "\n" + receiver.log());
            Eventually.await("the request line", Duration.ofSeconds(10),
                    () -> receiver.log().contains("hookline.requests"), found -> found);
        } finally {
            receiver.close();
        }
        List<JsonNode> lines = lines(Files.readString(log));
        lines.forEach(JsonLogsIT::assertComplete);

        JsonNode request = lines.stream().filter(line -> line.path("logger").asText().equals("hookline.requests"))
                .findFirst().orElseThrow();
        assertEquals("INFO", request.path("level").asText(), request.toString());
        assertEquals("webhook", request.path("message").asText(), request.toString());
        assertEquals("gh", request.path("source").asText(), request.toString());
        assertEquals(200, request.path("status").asInt(), request.toString());
        assertEquals("accepted", request.path("outcome").asText(), request.toString());
        assertEquals("push", request.path("type").asText(), request.toString());
        assertTrue(request.path("latency_ms").isNumber(), request.toString());
        assertTrue(request.path("request_id").asText().startsWith("req_"), request.toString());
        assertTrue(request.path("event_id").asText().startsWith("evt_"), request.toString());

        JsonNode report = lines.stream().filter(line -> line.path("message").asText().startsWith("Hookline "))
                .findFirst().orElseThrow(() -> new AssertionError("no start-up report in " + lines));
        assertEquals("io.hookline.receiver.StartupReport", report.path("logger").asText());
        String block = report.path("message").asText();
        assertTrue(block.contains("\n  sources:    POST /hooks/gh (github)\n"), block);
        assertTrue(block.contains("\n  routes:     pushes: gh:push -> log\n"), block);
        assertTrue(block.contains("\n  admin:      API and dashboard on at http://"), block);
        assertTrue(block.contains("answering 127.0.0.0/8, ::1 only (hookline.admin.allow-from)"), block);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aStartStoppedByAPlaceholderSecretSaysWhyInJsonLines() throws Exception {
        Path log = dir.resolve("failed.log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Dmicronaut.config.files="
                + config(ReceiverProcess.freePort(), "replace-me-with-the-webhook-secret"), "-jar", jar())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(JSON_FORMAT);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "a refused start ends by itself");
        String output = Files.readString(log);
        assertEquals(StartFailure.EX_CONFIG, process.exitValue(), output);
        List<JsonNode> lines = lines(output);
        lines.forEach(JsonLogsIT::assertComplete);
        JsonNode problem = lines.stream()
                .filter(line -> line.path("message").asText().startsWith("hookline.sources.gh.secrets[0] still holds a placeholder"))
                .findFirst().orElseThrow(() -> new AssertionError("the problem is not a line of its own: " + output));
        assertEquals("ERROR", problem.path("level").asText(), problem.toString());
        assertEquals(StartFailure.EX_CONFIG, problem.path("exit_status").asInt(), problem.toString());
        assertTrue(lines.stream().anyMatch(line -> line.path("message").asText()
                .startsWith("hookline: the configuration is not usable")), output);
        assertFalse(output.contains("replace-me-with"), "the secret's value is never logged: " + output);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anUnknownLogFormatIsRefusedWithOneLine() throws Exception {
        Path log = dir.resolve("refused.log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Dmicronaut.server.port=" + ReceiverProcess.freePort(),
                "-jar", jar()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOOKLINE_LOG_FORMAT", "logfmt");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the refused start ends by itself");
        String output = Files.readString(log);
        assertEquals(StartFailure.EX_CONFIG, process.exitValue(), output);
        assertEquals(List.of("hookline: HOOKLINE_LOG_FORMAT='logfmt' is not a log format; set it to text (the default)"
                + " or json, or remove it"), output.lines().toList());
        assertFalse(Files.exists(dir.resolve("data")), "nothing started");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        return Path.of(System.getProperty("hookline.jar", "target/hookline.jar")).toAbsolutePath().toString();
    }
}
