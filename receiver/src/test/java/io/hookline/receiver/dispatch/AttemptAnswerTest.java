package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What on-call sees of a target's refusal, over real HTTP: a target that answers 500 with a body
 * and headers, reached by a forward route configured with credentials and a token in its URL, and
 * by a subscription with the token (a subscription refuses credentials in its URL). The event detail shows, for each attempt, the status, the headers (secrets masked),
 * the first kilobyte of the body, the time taken and the URL without its credentials.
 */
class AttemptAnswerTest {

    private static final String ADMIN = "attempt-answer-admin-token-0123456789";
    private static final String COOKIE = "session=c00kie-value-never-kept";
    /** 1023 bytes of ASCII then a two-byte character: the first kilobyte ends inside it. */
    private static final String REFUSAL = "x".repeat(1023) + "é, and the rest of a long error page";

    @TempDir
    Path dataDir;

    @Test
    void aRefusalIsShownWithItsStatusHeadersFirstKilobyteAndTheUrlWithoutCredentials() throws Exception {
        List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
        List<String> protocols = new CopyOnWriteArrayList<>();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/refuse", exchange -> {
            seen.add(Map.copyOf(exchange.getRequestHeaders()));
            protocols.add(exchange.getProtocol());
            exchange.getRequestBody().readAllBytes();
            byte[] body = REFUSAL.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().add("X-Request-Id", "req-42");
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        String hostPort = "127.0.0.1:" + target.getAddress().getPort();
        String withCredentials = "http://deploy:hunter2-password@" + hostPort + "/refuse?token=t0ken-in-query&env=prod";
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.secret-key", SubscriptionsTest.SECRET_KEY);
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.subscriptions.allow-private-targets", true);
        config.put("hookline.routes[0].name", "ci");
        config.put("hookline.routes[0].match", "gh:push");
        config.put("hookline.routes[0].handler", "forward");
        config.put("hookline.routes[0].settings.url", withCredentials);
        config.put("hookline.routes[0].retry-delays", List.of("1h"));
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            HttpResponse<String> refused = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"billing\",\"url\":\""
                    + withCredentials + "\",\"events\":[\"gh:push\"]}");
            assertEquals(400, refused.statusCode(), "a subscription would keep credentials in the URL in clear: "
                    + refused.body());
            assertTrue(refused.body().contains("credentials in the URL"), refused.body());
            HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"billing\",\"url\":\""
                    + withCredentials.replace("deploy:hunter2-password@", "")
                    + "\",\"events\":[\"gh:push\"],\"retry_delays\":[\"1h\"]}");
            assertEquals(201, created.statusCode(), created.body());
            GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            String id = (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");

            Map<String, Object> detail = Eventually.await("an attempt of each route", Duration.ofSeconds(20),
                    () -> receiver.json(admin(receiver, "GET", "/admin/events/" + id, null)),
                    shown -> attempts(shown).size() >= 2);
            String shownText = admin(receiver, "GET", "/admin/events/" + id, null).body();
            for (String route : List.of("ci", "billing")) {
                Map<?, ?> attempt = attempts(detail).stream().filter(a -> route.equals(a.get("route"))).findFirst()
                        .orElseThrow(() -> new AssertionError("no attempt of " + route + ": " + detail));
                Map<?, ?> answer = (Map<?, ?>) attempt.get("answer");
                assertEquals(500, ((Number) answer.get("status")).intValue(), route + ": " + attempt);
                assertEquals("x".repeat(1023), answer.get("body"),
                        route + ": the first kilobyte, cut before the character that did not fit whole");
                Map<?, ?> headers = (Map<?, ?>) answer.get("headers");
                assertEquals("req-42", headers.get("x-request-id"), route + ": " + headers);
                assertEquals("text/plain; charset=utf-8", headers.get("content-type"), route + ": " + headers);
                assertEquals("••••", headers.get("set-cookie"), route + ": a cookie the target set is masked");
                assertEquals("http://" + hostPort + "/refuse?token=••••&env=••••", answer.get("url"),
                        route + ": the URL without credentials");
                assertTrue(((Number) answer.get("took_ms")).longValue() >= 0, route + ": " + answer);
            }
            String attemptRows = attemptRows(dataDir);
            for (String secret : List.of("hunter2-password", "t0ken-in-query", "c00kie-value-never-kept")) {
                assertFalse(shownText.contains(secret), "the event detail shows " + secret + ": " + shownText);
                assertFalse(attemptRows.contains(secret), "the attempts table holds " + secret + ": " + attemptRows);
            }
            assertFalse(stored(dataDir).contains("c00kie-value-never-kept"), "a file of the data directory holds the cookie");
            assertEquals(2, seen.size(), "one attempt each, the next an hour away");
            for (Map<String, List<String>> request : seen) {
                List<String> names = request.keySet().stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
                assertFalse(names.contains("upgrade") || names.contains("http2-settings"),
                        "an http:// target is asked to upgrade to h2c: " + request);
                assertFalse(names.contains("authorization"), "credentials in the URL are not sent: " + request);
            }
            assertEquals(List.of("HTTP/1.1", "HTTP/1.1"), protocols);
        } finally {
            target.stop(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> attempts(Map<String, Object> detail) {
        return new ArrayList<>((List<Map<?, ?>>) detail.get("attempts"));
    }

    /** Every attempt row as text, read with SQLite itself. */
    private static String attemptRows(Path dataDir) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                ResultSet row = connection.createStatement().executeQuery("SELECT * FROM attempts")) {
            while (row.next()) {
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    rows.append(row.getString(column)).append(' ');
                }
                rows.append('\n');
            }
        }
        assertTrue(rows.toString().contains("req-42"), "the rows hold the answers: " + rows);
        return rows.toString();
    }

    /** Everything in the data directory (database, its WAL), as text. */
    private static String stored(Path dataDir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + ADMIN));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
