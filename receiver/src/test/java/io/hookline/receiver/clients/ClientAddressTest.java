package io.hookline.receiver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Behind the reverse proxy the README recommends, the socket's peer is always the proxy. From a
 * proxy in {@code hookline.trusted-proxies}, the client is the forwarded address (the first one,
 * from the right, that is not a trusted proxy); from anyone else, a forwarded header is ignored.
 * The refusal log, the per-address limit and the request log all use that address.
 */
class ClientAddressTest {

    private static final String ADMIN = "client-address-admin-token-0123456789";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);

    @TempDir
    Path dataDir;

    @Test
    void aRefusalThroughATrustedProxyIsLoggedUnderTheForwardedAddress() {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.trusted-proxies", List.of("127.0.0.0/8", "10.0.0.0/8", "fd00::/8"));
        ListAppender<ILoggingEvent> requestLog = new ListAppender<>();
        Logger requests = (Logger) LoggerFactory.getLogger("hookline.requests");
        requestLog.start();
        requests.addAppender(requestLog);
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            assertEquals("203.0.113.7", refusedFrom(receiver, Map.of("X-Forwarded-For", "203.0.113.7")));
            assertTrue(requestLog.list.stream().map(ClientAddressTest::fields).anyMatch(fields -> fields.contains("status=401")
                    && fields.contains("client=203.0.113.7")), "the request log line names the client");

            // What the client wrote itself is to the left of what the proxies added, and never believed.
            assertEquals("203.0.113.9",
                    refusedFrom(receiver, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.5")));
            assertEquals("2001:db8::7", refusedFrom(receiver,
                    Map.of("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https, for=\"[fd00::1]\"")));
            assertEquals("198.51.100.20", refusedFrom(receiver, Map.of("X-Forwarded-For", "198.51.100.20:51000")));
        } finally {
            requests.detachAppender(requestLog);
        }
    }

    /** A request line's key/value pairs as the text format writes them after the message. */
    private static List<String> fields(ILoggingEvent line) {
        return line.getKeyValuePairs() == null ? List.of()
                : line.getKeyValuePairs().stream().map(pair -> pair.key + "=" + pair.value).toList();
    }

    @Test
    void aForwardedHeaderFromAPeerThatIsNotATrustedProxyIsIgnored() {
        Map<String, Object> config = Map.of("hookline.admin-token", ADMIN, "hookline.trusted-proxies", List.of("10.0.0.0/8"));
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            assertEquals("127.0.0.1", refusedFrom(receiver, Map.of("X-Forwarded-For", "203.0.113.7")));
            assertEquals("127.0.0.1", refusedFrom(receiver, Map.of("Forwarded", "for=203.0.113.7")));
        }
    }

    @Test
    void theRefusalBudgetIsPerForwardedAddressAndNeverStopsASignedDelivery() {
        Map<String, Object> config = Map.of("hookline.admin-token", ADMIN, "hookline.trusted-proxies", List.of("127.0.0.1"),
                "hookline.refusals-per-address.per-second", "0.1", "hookline.refusals-per-address.burst", "2");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            Map<String, String> forger = Map.of("X-Forwarded-For", "203.0.113.66");
            List<Integer> statuses = List.of(forged(receiver, forger), forged(receiver, forger), forged(receiver, forger));
            assertEquals(List.of(401, 401, 429), statuses, "the forger's address is over its budget");
            assertEquals(401, forged(receiver, Map.of("X-Forwarded-For", "198.51.100.5")), "another client is not");
            GitHubDelivery real = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            Map<String, String> headers = new LinkedHashMap<>(real.headers());
            headers.putAll(forger);
            assertEquals(200, receiver.post("/hooks/gh", real.body(), headers).statusCode(),
                    "a correctly signed request is never refused for its address's refusals");
        }
    }

    @Test
    void aTrustedProxyThatIsNotACidrStopsStartNamingTheKey() {
        for (String bad : List.of("10.0.0.0/33", "proxy.example.com", "10.0.0/8", "fd00::/129")) {
            RuntimeException failure = assertThrows(RuntimeException.class, () -> RunningReceiver.start(dataDir,
                    Map.of("hookline.trusted-proxies", List.of("127.0.0.1", bad))).close());
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains("hookline.trusted-proxies[1]: '" + bad + "'"), messages.toString());
        }
    }

    private static int forged(RunningReceiver receiver, Map<String, String> extra) {
        GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "a-guessed-secret");
        Map<String, String> headers = new LinkedHashMap<>(forged.headers());
        headers.putAll(extra);
        return receiver.post("/hooks/gh", forged.body(), headers).statusCode();
    }

    /** Sends a forgery with these headers and answers the address the rejection log has for it. */
    @SuppressWarnings("unchecked")
    private static String refusedFrom(RunningReceiver receiver, Map<String, String> extra) {
        GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "a-guessed-secret");
        Map<String, String> headers = new LinkedHashMap<>(forged.headers());
        headers.putAll(extra);
        HttpResponse<String> response = receiver.post("/hooks/gh", forged.body(), headers);
        Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, response, 401, "signature_invalid");
        String requestId = (String) ((Map<String, Object>) error.get("meta")).get("request_id");
        List<Map<String, Object>> rejections = (List<Map<String, Object>>) receiver.json(
                receiver.send("GET", "/admin/rejections?source=gh", null, AUTH)).get("rejections");
        return rejections.stream().filter(r -> requestId.equals(r.get("request_id"))).findFirst()
                .map(r -> (String) r.get("remote_address"))
                .orElseThrow(() -> new AssertionError("refusal " + requestId + " not logged: " + rejections));
    }
}
