package io.hookline.receiver.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.store.EventStore;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built against API 1.0, before the optional capabilities of a source were added, loads
 * and runs unchanged: the plugin template as it was then, committed as a jar
 * ({@code compat/README.md} says how it was built and why it is not rebuilt).
 */
class PluginCompatibilityTest {

    private static final String JAR = "hookline-plugin-example-api-1.0.jar";
    private static final String SECRET = "acme-template-secret";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    @Test
    void aTemplateJarBuiltAgainstApi10VerifiesStoresAndHandlesASignedWebhook() throws Exception {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        try (InputStream jar = getClass().getResourceAsStream("/compat/" + JAR)) {
            Files.copy(jar, plugins.resolve(JAR));
        }
        Path lines = dataDir.resolve("acme.jsonl");

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                "hookline.admin-token", RunningReceiver.ADMIN_TOKEN,
                "hookline.sources.acme.provider", "acme",
                "hookline.sources.acme.secrets", List.of(SECRET),
                "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].match", "acme:*",
                "hookline.routes[0].handler", "json-lines",
                "hookline.routes[0].settings.file", lines.toString()))) {
            assertEquals(List.of(new LoadedPlugins.PluginJar(JAR, true, "1", "1.0.0", List.of("acme"),
                    List.of("json-lines"), null)), receiver.context().getBean(LoadedPlugins.class).plugins());

            byte[] body = "{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> forged = receiver.post("/hooks/acme", body, signed(body, "not-the-secret", "ev_0"));
            assertEquals(401, forged.statusCode(), "the old provider still refuses a wrong signature: " + forged.body());
            Map<String, Object> answer = receiver.json(receiver.post("/hooks/acme", body, signed(body, SECRET, "ev_1")));
            assertEquals("accepted", answer.get("status"), answer.toString());
            String id = (String) answer.get("id");

            StoredEvent stored = receiver.context().getBean(EventStore.class).find(id).orElseThrow();
            assertEquals(List.of("acme", "acme", "invoice.paid", "ev_1"),
                    List.of(stored.source(), stored.provider(), stored.type(), stored.key()));
            Map<String, Object> event = Eventually.await("the old handler to run", Duration.ofSeconds(10),
                    () -> receiver.json(receiver.send("GET", "/admin/events/" + id, null, AUTH)),
                    detail -> "processed".equals(detail.get("status")));
            assertEquals("processed", event.get("status"));
            String written = Files.readString(lines);
            assertEquals("{\"id\":\"" + id + "\",\"source\":\"acme\",\"type\":\"invoice.paid\",\"bytes\":" + body.length
                    + "}\n", written, "the old handler wrote its line once");

            // The capabilities added since answer with their defaults for the old verifier, never a linkage error.
            SourceVerifier verifier = receiver.context().getBean(Sources.class).verifier("acme").orElseThrow();
            assertFalse(verifier.isTestEvent(stored));
            assertEquals(Optional.empty(), verifier.unsupportedScheme(InboundRequest.of("acme", Map.of(), body)));
            assertEquals(Optional.empty(), verifier.catchUp(new CatchUpSettings("acme", "acme", Map.of())));

            // And the refusal diagnosis, which asks the old verifier for the hint, says what is missing.
            assertEquals(401, receiver.post("/hooks/acme", body, Map.of("Content-Type", "application/json"))
                    .statusCode());
            Map<?, ?> finding = Eventually.await("the diagnosis", Duration.ofSeconds(10), () -> (Map<?, ?>) ((List<?>)
                    receiver.json(receiver.send("GET", "/admin/rejections?limit=1&source=acme", null, AUTH))
                            .get("rejections")).get(0), entry -> Boolean.TRUE.equals(entry.get("diagnosed")));
            Map<?, ?> leading = (Map<?, ?>) ((List<?>) finding.get("diagnosis")).get(0);
            assertEquals("header_missing", leading.get("code"), leading.toString());
            assertTrue(String.valueOf(leading.get("detail")).contains("X-Acme-Signature"), leading.toString());
        }
    }

    /** The template's scheme: HMAC-SHA256 of {@code {timestamp}.{body}}, lower-case hex. */
    private static Map<String, String> signed(byte[] body, String secret, String eventId) throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Map.of("Content-Type", "application/json", "X-Acme-Signature", HexFormat.of().formatHex(mac.doFinal(body)),
                "X-Acme-Timestamp", timestamp, "X-Acme-Event-Id", eventId, "X-Acme-Event-Type", "invoice.paid");
    }
}
