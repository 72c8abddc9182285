package io.hookline.receiver.subscriptions;

import static io.hookline.receiver.subscriptions.SubscriptionsTest.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.LoopbackServer;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What an admin can no longer get wrong with a subscription, over real HTTP against the real
 * receiver: a test message reports what a real delivery would record, internal addresses are
 * refused in every form, headers that cannot be sent are refused, header values are sealed and
 * masked, and the timeout and retries are the subscription's own.
 */
class SubscriptionHardeningTest {

    private static final byte[] PUSH = GitHubDelivery.payload("push.json");

    @TempDir
    Path dataDir;

    @Test
    void aTestMessageReportsWhatARealDeliveryWouldRecordNotJustThatTheTargetAnswered() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            String id = id(create(receiver, "{\"name\":\"tested\",\"url\":\"" + target.url("/t")
                    + "\",\"events\":[\"*\"],\"timeout\":\"1s\"}"));

            target.script("/t", 500, 302, 418, 0);
            Map<String, Object> unavailable = test(receiver, id);
            assertEquals(false, unavailable.get("delivered"), unavailable.toString());
            assertEquals(500, ((Number) unavailable.get("status")).intValue());
            assertEquals("downstream_unavailable", unavailable.get("error_class"));
            assertEquals(true, unavailable.get("retried"), "a real 500 is retried");

            Map<String, Object> redirected = test(receiver, id);
            assertEquals(false, redirected.get("delivered"), "a redirect is not followed, so it is no delivery");
            assertEquals(302, ((Number) redirected.get("status")).intValue());
            assertEquals("downstream_rejected", redirected.get("error_class"));
            assertEquals(false, redirected.get("retried"));

            Map<String, Object> teapot = test(receiver, id);
            assertEquals(false, teapot.get("delivered"));
            assertEquals("downstream_rejected", teapot.get("error_class"));

            Map<String, Object> slow = test(receiver, id);
            assertEquals(false, slow.get("delivered"), slow.toString());
            assertEquals("handler_timeout", slow.get("error_class"), "under the subscription's own 1 s timeout");

            Map<String, Object> fine = test(receiver, id);
            assertEquals(true, fine.get("delivered"), fine.toString());
            assertEquals(200, ((Number) fine.get("status")).intValue());
            assertEquals(null, fine.get("error_class"));
        }
    }

    @Test
    void everyInternalAddressIsRefusedWhateverFormItTakes() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(false))) {
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("http://[::127.0.0.1]/in", "IPv4-compatible");
            refused.put("http://[::ffff:127.0.0.1]/in", "loopback");
            refused.put("http://[64:ff9b::7f00:1]/in", "embeds 127.0.0.1 (IPv4/IPv6 translation, 64:ff9b::/96, RFC 6052): loopback");
            refused.put("http://[64:ff9b:1::a00:1]/in", "local-use IPv4/IPv6 translation, 64:ff9b:1::/48, RFC 8215");
            refused.put("http://[2002:7f00:1::1]/in", "embeds 127.0.0.1 (6to4, 2002::/16, RFC 3056): loopback");
            // Teredo: server 65.54.227.120, client 10.0.0.1 (its last 32 bits inverted: f5ff:fffe).
            refused.put("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/in", "embeds 10.0.0.1 (Teredo, 2001::/32, RFC 4380):"
                    + " private-use");
            refused.put("http://198.18.0.1/in", "benchmarking, 198.18.0.0/15, RFC 2544");
            refused.put("http://198.19.255.254/in", "benchmarking");
            refused.put("http://255.255.255.255/in", "limited broadcast");
            refused.put("http://192.0.0.8/in", "IETF protocol assignments");
            refused.put("http://192.0.2.1/in", "documentation");
            refused.put("http://240.0.0.1/in", "reserved");
            refused.put("http://0.0.0.0/in", "\"this network\"");
            refused.put("http://100.64.0.1/in", "shared address space");
            refused.put("http://169.254.169.254/latest", "link-local, 169.254.0.0/16, RFC 3927");
            refused.put("http://[fd00::1]/in", "unique-local");
            refused.put("http://[fe80::1]/in", "link-local unicast");
            refused.put("http://[::1]/in", "loopback");
            refused.put("http://[2001:db8::1]/in", "documentation, 2001:db8::/32, RFC 3849");
            refused.put("http://[2001:2::1]/in", "IETF protocol assignments");
            refused.put("http://[100::1]/in", "discard-only");
            refused.put("http://[ff02::1]/in", "multicast");
            refused.put("http://224.0.0.1/in", "multicast");
            for (Map.Entry<String, String> url : refused.entrySet()) {
                HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions",
                        "{\"name\":\"probe\",\"url\":\"" + url.getKey() + "\",\"events\":[\"*\"]}");
                assertEquals(400, answer.statusCode(), url.getKey() + " was accepted: " + answer.body());
                String detail = String.valueOf(((Map<?, ?>) receiver.json(answer).get("error")).get("detail"));
                assertTrue(detail.contains("not globally reachable") && detail.contains(url.getValue()),
                        url.getKey() + ": " + detail);
            }
            // Numeric hosts that clients read differently (0177 is octal to curl, decimal to Java) are refused outright.
            for (String ambiguous : List.of("http://0177.0.0.1/x", "http://0x7f.0.0.1/x", "http://127.1/x",
                    "http://2130706433/x", "http://192.031.196.10/x")) {
                HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions",
                        "{\"name\":\"probe\",\"url\":\"" + ambiguous + "\",\"events\":[\"*\"]}");
                assertEquals(400, answer.statusCode(), ambiguous + " was accepted: " + answer.body());
                assertTrue(!ambiguous.contains("0177") || answer.body().contains("not written as four decimal numbers"),
                        ambiguous + ": " + answer.body());
            }
            // The same forms around a globally reachable IPv4 address (AS112, RFC 7535) are accepted.
            List<String> accepted = List.of("http://192.31.196.10/in", "http://[64:ff9b::c01f:c40a]/in",
                    "http://[2002:c01f:c40a::1]/in", "http://[2001:0:4136:e378:8000:63bf:3fe0:3bf5]/in");
            for (int i = 0; i < accepted.size(); i++) {
                HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions",
                        "{\"name\":\"public-" + i + "\",\"url\":\"" + accepted.get(i) + "\",\"events\":[\"*\"],"
                                + "\"enabled\":false}");
                assertEquals(201, answer.statusCode(), accepted.get(i) + ": " + answer.body());
            }
            HttpResponse<String> patched = admin(receiver, "PATCH", "/admin/subscriptions/"
                    + id(receiver.json(admin(receiver, "GET", "/admin/subscriptions", null)).get("subscriptions")),
                    "{\"url\":\"http://[::127.0.0.1]:8080/in\"}");
            assertEquals(400, patched.statusCode(), "a change is checked as a creation is: " + patched.body());
        }
    }

    @Test
    void headersThatCouldNotBeSentAreRefusedWhenGivenNotAtEveryDelivery() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            String url = target.url("/h");
            assertRefused(receiver, url, "{\"X-Note\":\"caf\u00e9\"}", "headers.X-Note: a header value is visible ASCII");
            assertRefused(receiver, url, "{\"X-Note\":\"\u2615\"}", "headers.X-Note: a header value is visible ASCII");
            assertRefused(receiver, url, "{\"X-Note\":\"a\\u0001b\"}", "headers.X-Note: a header value is visible ASCII");
            assertRefused(receiver, url, "{\"X-Note\":\"a\\r\\nX-Evil: 1\"}", "headers.X-Note:");
            assertRefused(receiver, url, "{\"X-Note\":\" padded\"}", "not starting or ending with a space or tab");
            assertRefused(receiver, url, "{\"Bad Name\":\"x\"}", "headers.Bad Name: a header name is");
            assertRefused(receiver, url, "{\"X-Note\":7}", "headers.X-Note: a header value is a text");
            assertRefused(receiver, url, "{\"X-Team\":\"a\",\"x-team\":\"b\"}", "given twice");
            for (String own : List.of("Content-Type", "Host", "Content-Length", "Webhook-Signature", "webhook-id",
                    "Transfer-Encoding", "Connection", "User-Agent", "X-Hookline-Source")) {
                assertRefused(receiver, url, "{\"" + own + "\":\"x\"}", "headers." + own + ": Hookline sets this header itself");
            }
            String many = IntStream.range(0, 21).mapToObj(i -> "\"X-H" + i + "\":\"v\"").collect(Collectors.joining(","));
            assertRefused(receiver, url, "{" + many + "}", "headers: at most 20 headers; 21 given");
            assertRefused(receiver, url, "{\"X-Big\":\"" + "a".repeat(8200) + "\"}", "headers: at most 8192 bytes");
            String fiveThousand = IntStream.range(0, 5000).mapToObj(i -> "\"X-H" + i + "\":\"v\"")
                    .collect(Collectors.joining(","));
            assertRefused(receiver, url, "{" + fiveThousand + "}", "headers: at most 20 headers; 5000 given");

            String id = id(create(receiver, "{\"name\":\"sent\",\"url\":\"" + url + "\",\"events\":[\"gh:push\"],"
                    + "\"headers\":{\"X-Team\":\"payments\",\"X-Tab\":\"a\\tb\",\"X-Empty\":\"\"}}"));
            HttpResponse<String> badPatch = admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"headers\":{\"X-Team\":\"\u00fcber\"}}");
            assertEquals(400, badPatch.statusCode(), "a change is checked as a creation is: " + badPatch.body());

            post(receiver);
            TargetServer.Received delivered = Eventually.await("the delivery", Duration.ofSeconds(15),
                    () -> target.received("/h"), received -> !received.isEmpty()).get(0);
            assertEquals("payments", delivered.header("x-team"));
            // Sent as given; the JDK's server, as the target here, reads a tab inside a value as a space.
            assertTrue(delivered.header("x-tab").matches("a[\t ]b"), delivered.header("x-tab"));
        }
    }

    @Test
    void headerValuesAreSealedMaskedInEveryAnswerAndKeptOutOfTheDataDirectory() throws Exception {
        String token = "Bearer tok_" + Long.toHexString(System.nanoTime()) + "_s3cr3t";
        List<String> seen = new ArrayList<>();
        HttpServer echoing = LoopbackServer.start(exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                // A target whose error page quotes the credential it refused.
                byte[] page = ("refused: " + exchange.getRequestHeaders().getFirst("Authorization"))
                        .getBytes(StandardCharsets.UTF_8);
                seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(seen.size() == 1 ? 401 : 200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try (SentryIngest sentry = new SentryIngest()) {
            Map<String, Object> config = SubscriptionsTest.config(true);
            config.put("hookline.sentry.dsn", sentry.dsn());
            config.put("hookline.sentry.environment", "staging");
            List<String> answers = new ArrayList<>();
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"sealed\",\"url\":\""
                        + LoopbackServer.url(echoing) + "/in\",\"events\":[\"gh:push\"],\"retry_delays\":[],"
                        + "\"headers\":{\"Authorization\":\"" + token + "\",\"X-Team\":\"payments\"}}");
                assertEquals(201, created.statusCode(), created.body());
                answers.add(created.body());
                String id = id(receiver.json(created));
                assertEquals(Map.of("authorization", "••••", "x-team", "••••"), receiver.json(created).get("headers"));

                String failed = post(receiver);
                Eventually.await("the 401 to end the delivery", Duration.ofSeconds(15),
                        () -> (String) receiver.json(admin(receiver, "GET", "/admin/events/" + failed, null)).get("status"),
                        "dead"::equals);
                assertEquals(List.of(token), seen, "the target gets the header in clear");

                // An answer of the API sent back as it is keeps the value it masks.
                Map<String, Object> shown = receiver.json(admin(receiver, "GET", "/admin/subscriptions/" + id, null));
                HttpResponse<String> patched = admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                        "{\"headers\":{\"Authorization\":\"••••\",\"X-Team\":\"ops\"}}");
                assertEquals(200, patched.statusCode(), patched.body());
                answers.add(patched.body());
                answers.add(receiver.json(admin(receiver, "GET", "/admin/subscriptions", null)).toString());
                answers.add(shown.toString());
                answers.add(admin(receiver, "POST", "/admin/subscriptions/" + id + "/test", null).body());
                assertEquals(token, seen.get(1), "the masked value sent back kept the credential");
                answers.add(admin(receiver, "GET", "/admin/subscriptions/" + id + "/deliveries", null).body());
                answers.add(admin(receiver, "GET", "/admin/events/" + failed, null).body());
                assertTrue(answers.get(answers.size() - 1).contains("refused: [Filtered]"), answers.get(answers.size() - 1));
                answers.add(String.join("\n", Eventually.await("the dead delivery in Sentry", Duration.ofSeconds(10),
                        sentry::events, events -> !events.isEmpty())));
            }
            for (String answer : answers) {
                assertFalse(answer.contains(token.substring("Bearer ".length())), "the credential is in an answer: " + answer);
            }
            assertEquals(List.of(), filesHolding(dataDir, token.substring("Bearer ".length())));
            List<String> logged = log.list.stream().map(event -> event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())).toList();
            assertTrue(logged.size() > 5, "the receiver's log was read: " + logged);
            assertEquals(List.of(), logged.stream().filter(line -> line.contains(token.substring("Bearer ".length())))
                    .toList(), "the credential is in the log");
        } finally {
            root.detachAppender(log);
            echoing.stop(0);
        }
    }

    @Test
    void headersAnEarlierReleaseStoredInClearAreSealedAtTheFirstStartAndStillSent() throws Exception {
        String token = "Bearer legacy_" + Long.toHexString(System.nanoTime());
        try (TargetServer target = new TargetServer()) {
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
                create(receiver, "{\"name\":\"old\",\"url\":\"" + target.url("/old") + "\",\"events\":[\"gh:push\"]}");
            }
            try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                    var statement = connection.createStatement()) {
                // As a release before header sealing left it.
                statement.executeUpdate("UPDATE subscriptions SET headers = 'authorization: " + token
                        + "\n', sealed_headers = NULL");
            }
            assertFalse(filesHolding(dataDir, token).isEmpty(), "the clear value is there before the start");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
                String listed = admin(receiver, "GET", "/admin/subscriptions", null).body();
                assertTrue(listed.contains("\"authorization\":\"••••\""), listed);
                post(receiver);
                TargetServer.Received delivered = Eventually.await("the delivery", Duration.ofSeconds(15),
                        () -> target.received("/old"), received -> !received.isEmpty()).get(0);
                assertEquals(token, delivered.header("authorization"));
            }
            assertEquals(List.of(), filesHolding(dataDir, token), "sealed, and the clear value overwritten");
        }
    }

    @Test
    void aSubscriptionsTimeoutAndRetriesAreItsOwnWithinBounds() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, SubscriptionsTest.config(true))) {
            String url = target.url("/slow");
            assertRefused(receiver, url, "{}", "\"timeout\":\"0s\"", "timeout: from 1s to 5m; 0s given");
            assertRefused(receiver, url, "{}", "\"timeout\":\"10m\"", "timeout: from 1s to 5m; 10m given");
            assertRefused(receiver, url, "{}", "\"timeout\":\"soon\"", "timeout: a duration such as");
            assertRefused(receiver, url, "{}", "\"retry_delays\":\"5s\"", "retry_delays: a list of durations");
            assertRefused(receiver, url, "{}", "\"retry_delays\":[\"5s\",\"2d\"]", "retry_delays[1]: from 1s to 1d; 2d given");
            assertRefused(receiver, url, "{}", "\"retry_delays\":[" + IntStream.range(0, 21).mapToObj(i -> "\"1s\"")
                    .collect(Collectors.joining(",")) + "]", "retry_delays: at most 20 retries; 21 given");

            Map<String, Object> defaults = create(receiver, "{\"name\":\"plain\",\"url\":\"" + url
                    + "\",\"events\":[\"st:*\"]}");
            assertEquals("15s", defaults.get("timeout"));
            assertEquals(List.of("5s", "30s", "2m", "10m", "1h", "5h"), defaults.get("retry_delays"));

            String id = id(create(receiver, "{\"name\":\"slow\",\"url\":\"" + url + "\",\"events\":[\"gh:push\"],"
                    + "\"timeout\":\"2s\",\"retry_delays\":[\"1s\"]}"));
            target.script("/slow", -4_000, 503);
            String event = post(receiver);
            Map<String, Object> dead = Eventually.await("a timeout, one retry, then dead", Duration.ofSeconds(20),
                    () -> receiver.json(admin(receiver, "GET", "/admin/events/" + event, null)),
                    detail -> "dead".equals(detail.get("status")));
            List<?> attempts = (List<?>) dead.get("attempts");
            assertEquals(List.of("handler_timeout", "downstream_unavailable"), attempts.stream().map(a -> (Map<?, ?>) a)
                    .filter(a -> "slow".equals(a.get("route"))).map(a -> a.get("error_class")).toList(),
                    "2 s, not 15 s; one retry, not six: " + dead);

            Map<String, Object> patched = receiver.json(admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"timeout\":\"default\",\"retry_delays\":[\"1s\",\"90s\"]}"));
            assertEquals("15s", patched.get("timeout"), "\"default\" sets the default again");
            assertEquals(List.of("1s", "90s"), patched.get("retry_delays"));
            HttpResponse<String> badPatch = admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"timeout\":\"6m\"}");
            assertEquals(400, badPatch.statusCode(), badPatch.body());
        }
    }

    @Test
    void aSubscriptionWithALongTimeoutKeepsItsClaimForTheWholeAttempt() throws Exception {
        Map<String, Object> config = SubscriptionsTest.config(true);
        config.put("hookline.dispatch.lease-margin", "1s");
        config.put("hookline.routes[0].timeout", "2s");
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            create(receiver, "{\"name\":\"patient\",\"url\":\"" + target.url("/patient") + "\",\"events\":[\"gh:push\"],"
                    + "\"timeout\":\"40s\"}");
            // Longer than the route's 2 s, the subscriptions' default 15 s and the margin: a lease made for
            // those would run out mid-attempt and the delivery would be claimed and sent a second time.
            target.script("/patient", -18_000);
            String event = post(receiver);
            Eventually.await("the slow delivery to succeed", Duration.ofSeconds(40),
                    () -> (String) receiver.json(admin(receiver, "GET", "/admin/events/" + event, null)).get("status"),
                    "processed"::equals);
            Thread.sleep(500);
            assertEquals(1, target.received("/patient").size(), "sent once: the claim outlasted the 18 s attempt");
        }
    }

    private static void assertRefused(RunningReceiver receiver, String url, String headers, String words) {
        assertRefused(receiver, url, headers, null, words);
    }

    private static void assertRefused(RunningReceiver receiver, String url, String headers, String extra, String words) {
        HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"refused\",\"url\":\""
                + url + "\",\"events\":[\"*\"],\"headers\":" + headers + (extra == null ? "" : "," + extra) + "}");
        assertEquals(400, answer.statusCode(), answer.body());
        Map<?, ?> error = (Map<?, ?>) receiver.json(answer).get("error");
        assertEquals("invalid_subscription", error.get("code"));
        assertTrue(String.valueOf(error.get("detail")).contains(words), error.toString());
    }

    private static Map<String, Object> create(RunningReceiver receiver, String body) {
        HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions", body);
        assertEquals(201, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static Map<String, Object> test(RunningReceiver receiver, String id) {
        HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions/" + id + "/test", null);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static String id(Object subscription) {
        Object one = subscription instanceof List<?> list ? list.get(0) : subscription;
        return (String) ((Map<?, ?>) one).get("id");
    }

    private static String post(RunningReceiver receiver) {
        GitHubDelivery delivery = GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET);
        HttpResponse<String> answer = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) receiver.json(answer).get("id");
    }

    /** The files of the data directory whose bytes hold the text. */
    private static List<String> filesHolding(Path dataDir, String text) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    found.add(dataDir.relativize(file).toString());
                }
            }
        }
        return found;
    }
}
