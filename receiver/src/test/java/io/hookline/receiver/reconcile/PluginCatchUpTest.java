package io.hookline.receiver.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.PluginJarBuilder;
import io.hookline.receiver.testing.RunningReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up offered by a provider the receiver has never heard of: a plugin jar, built here against
 * the SPI alone as its author would, whose API is a local fake ledger that lists what it sent.
 * What the receiver missed while it was down is fetched, stored once through the same intake as
 * webhooks, routed like them, and shown as the operator sees it.
 */
class PluginCatchUpTest {

    private static final String ADMIN = "plugin-catch-up-admin-token-0123456789";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final String WEBHOOK_TOKEN = "ledger-webhook-token";
    private static final String API_TOKEN = "ledger-api-token-5f1d2c9e";

    /**
     * A provider whose webhooks carry a shared token in {@code x-token} and a JSON body with
     * {@code id} and {@code type}; its API lists the events it sent, one JSON object a line.
     */
    private static final String LEDGER_PROVIDER = """
            package example.ledger;

            import io.hookline.spi.*;
            import java.net.URI;
            import java.nio.charset.StandardCharsets;
            import java.security.MessageDigest;
            import java.time.Instant;
            import java.util.*;
            import java.util.regex.*;

            public final class LedgerProvider implements Provider {
                static final Pattern FIELD = Pattern.compile("\\"(id|type)\\"\\\\s*:\\\\s*\\"([^\\"]+)\\"");

                public String id() { return "example-ledger"; }

                public SourceVerifier bind(SourceSettings source) {
                    source.requireKnownSettings(Set.of());
                    List<byte[]> tokens = source.secrets().stream()
                            .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
                    return new SourceVerifier() {
                        public Verification verify(InboundRequest request, Instant now) {
                            byte[] given = request.header("x-token").orElse("").getBytes(StandardCharsets.UTF_8);
                            for (byte[] token : tokens) {
                                if (MessageDigest.isEqual(token, given)) {
                                    return Verification.verified();
                                }
                            }
                            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE, "x-token does not match");
                        }

                        public EventIdentity identify(InboundRequest request) {
                            Map<String, String> fields = fields(new String(request.body(), StandardCharsets.UTF_8));
                            if (!fields.containsKey("id") || !fields.containsKey("type")) {
                                throw new InvalidPayloadException("a ledger event needs an id and a type");
                            }
                            return new EventIdentity(fields.get("id"), fields.get("type"), null);
                        }

                        public Optional<CatchUp> catchUp(CatchUpSettings settings) {
                            settings.requireKnownSettings(Set.of("api-url", "api-token"));
                            URI api = settings.urlSetting("api-url", "https://ledger.example");
                            return Optional.of(new LedgerCatchUp(api, settings.required("api-token")));
                        }
                    };
                }

                static Map<String, String> fields(String json) {
                    Map<String, String> fields = new HashMap<>();
                    Matcher field = FIELD.matcher(json);
                    while (field.find()) {
                        fields.putIfAbsent(field.group(1), field.group(2));
                    }
                    return fields;
                }
            }
            """;

    private static final String LEDGER_CATCH_UP = """
            package example.ledger;

            import io.hookline.spi.*;
            import java.io.IOException;
            import java.net.URI;
            import java.net.http.*;
            import java.nio.charset.StandardCharsets;
            import java.time.Duration;
            import java.util.*;

            final class LedgerCatchUp implements CatchUp {
                private final URI api;
                private final String token;

                LedgerCatchUp(URI api, String token) {
                    this.api = api;
                    this.token = token;
                }

                public Duration reach() { return Duration.ofDays(7); }

                public void run(CatchUpRun run) throws CatchUpException, InterruptedException {
                    if (Thread.currentThread().getContextClassLoader() != getClass().getClassLoader()) {
                        throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER,
                                "the run's context class loader is not the plugin's");
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/events?since="
                            + run.since().getEpochSecond())).header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10)).build();
                    HttpResponse<String> answer;
                    try {
                        answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        throw new CatchUpException(CatchUpException.Cause.UNREACHABLE, "the ledger could not be reached: " + e);
                    }
                    if (answer.body().contains("multi-line-page")) {
                        throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER,
                                "the ledger answered:\\nFORGED log line\\r\\n\\u001b[31mred");
                    }
                    if (answer.body().contains("unreadable-page")) {
                        throw new IllegalStateException("a ledger page this plugin cannot read");
                    }
                    if (answer.statusCode() != 200) {
                        throw new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED,
                                "the ledger answered " + answer.statusCode() + " to GET /events");
                    }
                    Map<String, String> byId = new LinkedHashMap<>();
                    answer.body().lines().filter(line -> !line.isBlank())
                            .forEach(line -> byId.put(LedgerProvider.fields(line).get("id"), line));
                    run.checked(byId.size());
                    Set<String> stored = run.storedKeys(byId.keySet());
                    for (Map.Entry<String, String> event : byId.entrySet()) {
                        if (!stored.contains(event.getKey())) {
                            run.store(event.getValue().getBytes(StandardCharsets.UTF_8),
                                    Map.of("content-type", "application/json"));
                        }
                    }
                }
            }
            """;

    @TempDir
    Path dataDir;

    @Test
    void whatAPluginsApiListedWhileTheReceiverWasDownIsFetchedOnceRoutedAndShown() throws Exception {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("example-ledger.jar"),
                Map.of("example.ledger.LedgerProvider", LEDGER_PROVIDER, "example.ledger.LedgerCatchUp", LEDGER_CATCH_UP),
                Map.of("io.hookline.spi.Provider", "example.ledger.LedgerProvider\n"));
        try (FakeLedger ledger = new FakeLedger()) {
            Map<String, Object> config = new HashMap<>();
            config.put("micronaut.server.port", freePort());
            config.put("hookline.admin-token", ADMIN);
            config.put("hookline.dispatch.poll-interval", "50ms");
            config.put("hookline.sources.books.provider", "example-ledger");
            config.put("hookline.sources.books.secrets", List.of(WEBHOOK_TOKEN));
            config.put("hookline.sources.books.reconcile.api-url", ledger.url());
            config.put("hookline.sources.books.reconcile.api-token", API_TOKEN);
            config.put("hookline.sources.books.reconcile.interval", "1h");
            config.put("hookline.sources.books.reconcile.margin", "1m");
            config.put("hookline.routes[0].name", "paid");
            config.put("hookline.routes[0].match", "books:invoice.*");
            config.put("hookline.routes[0].handler", "log");

            String delivered;
            try (RunningReceiver first = RunningReceiver.start(dataDir, config)) {
                awaitRuns(first, 1);
                delivered = ledger.add("invoice.paid");
                assertEquals(200, first.post("/hooks/books", ledger.body(delivered), webhook()).statusCode());
            }
            List<String> whileDown = new ArrayList<>();
            for (String type : List.of("invoice.paid", "invoice.voided", "customer.created")) {
                whileDown.add(ledger.add(type));
            }

            try (RunningReceiver second = RunningReceiver.start(dataDir, config)) {
                awaitRuns(second, 2);
                Map<String, Object> start = runs(second).get(0);
                assertEquals(List.of("start", "example-ledger", "ok"),
                        List.of(start.get("trigger"), start.get("provider"), start.get("outcome")), start.toString());
                assertEquals(List.of(4, 3, 3, 0), List.of(number(start, "checked"), number(start, "missing"),
                        number(start, "recovered"), number(start, "failed")), start.toString());
                for (String key : whileDown) {
                    assertEquals(1, second.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", key), key);
                }

                String late = whileDown.get(1);
                HttpResponse<String> webhook = second.post("/hooks/books", ledger.body(late), webhook());
                assertEquals("duplicate", second.json(webhook).get("status"),
                        "the webhook of a fetched event that comes after is a duplicate");
                Map<String, Object> again = reconcile(second);
                assertEquals(List.of(4, 0, 0, 0), List.of(number(again, "checked"), number(again, "missing"),
                        number(again, "recovered"), number(again, "failed")), again.toString());
                assertEquals(4, second.count("SELECT count(*) FROM events WHERE source = 'books'"), "each stored once");

                List<?> listed = (List<?>) second.json(second.send("GET", "/admin/events?source=books", null, AUTH))
                        .get("events");
                assertEquals(4, listed.size(), listed.toString());
                String fetchedId = eventIdOfKey(listed, whileDown.get(0));
                Map<String, Object> fetched = Eventually.await("the fetched event to be handled by its route",
                        Duration.ofSeconds(10), () -> second.json(second.send("GET", "/admin/events/" + fetchedId, null,
                                AUTH)), detail -> "processed".equals(detail.get("status")));
                assertEquals("invoice.paid", fetched.get("type"));
                assertEquals("reconciled", fetched.get("provenance"));
                assertTrue(String.valueOf(fetched.get("request_id")).matches("rec_[0-9a-f]{24}"),
                        "the run that fetched it is its request: " + fetched);
                assertEquals(List.of("paid"), routes(fetched), "routed as its webhook would be: " + fetched);
                assertEquals(new String(ledger.body(whileDown.get(0)), StandardCharsets.UTF_8),
                        second.send("GET", "/admin/events/" + fetchedId + "/body", null, AUTH).body(),
                        "the event's bytes as the ledger's API gave them");
                Map<String, Object> unrouted = second.json(second.send("GET", "/admin/events/"
                        + eventIdOfKey(listed, whileDown.get(2)), null, AUTH));
                assertEquals("customer.created", unrouted.get("type"));
                assertEquals(List.of(), routes(unrouted), "no route matches it: " + unrouted);
                Map<String, Object> received = second.json(second.send("GET", "/admin/events/"
                        + eventIdOfKey(listed, delivered), null, AUTH));
                assertEquals("webhook", received.get("provenance"));

                assertFalse(second.send("GET", "/admin/sources/books/reconciliations", null, AUTH).body()
                        .contains(API_TOKEN), "the API token is never shown");
                assertTrue(ledger.authorizations().stream().allMatch(("Bearer " + API_TOKEN)::equals),
                        ledger.authorizations().toString());

                // A plugin whose catch-up throws what the SPI does not promise: the run is recorded
                // failed, with the plugin's words, and the receiver goes on taking webhooks.
                ledger.addRaw("{\"page\":\"unreadable-page\"}");
                Map<String, Object> broken = reconcile(second);
                assertEquals(List.of("failed", "the example-ledger provider's catch-up failed:"
                        + " java.lang.IllegalStateException: a ledger page this plugin cannot read"),
                        List.of(broken.get("outcome"), broken.get("message")), broken.toString());
                assertEquals("failed", runs(second).get(0).get("outcome"));
                String after = ledger.add("invoice.paid");
                assertEquals(200, second.post("/hooks/books", ledger.body(after), webhook()).statusCode());
            }
        }
    }

    @Test
    void aFetchedEventLargerThanTheBodyLimitIsCountedFailedAndNotStored() throws Exception {
        buildLedgerPlugin();
        try (FakeLedger ledger = new FakeLedger()) {
            Map<String, Object> config = ledgerSource(ledger);
            config.put("hookline.max-body-size", "2048");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                awaitRuns(receiver, 1);
                String small = ledger.add("invoice.paid");
                String large = "{\"id\":\"led_large\",\"type\":\"invoice.paid\",\"memo\":\"" + "x".repeat(3000) + "\"}";
                ledger.addRaw(large);
                int size = large.getBytes(StandardCharsets.UTF_8).length;
                assertEquals(413, receiver.post("/hooks/books", large.getBytes(StandardCharsets.UTF_8), webhook())
                        .statusCode(), "as a webhook, the event is too large");

                Map<String, Object> run = reconcile(receiver);
                assertEquals(List.of("partial", 2, 2, 1, 1), List.of(run.get("outcome"), number(run, "checked"),
                        number(run, "missing"), number(run, "recovered"), number(run, "failed")), run.toString());
                assertEquals("a fetched event of " + size + " bytes is larger than the limit of 2048 bytes"
                        + " (hookline.max-body-size) and was not stored", run.get("message"));
                assertEquals(1, receiver.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", small));
                assertEquals(0, receiver.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", "led_large"),
                        "nothing of it stored");
                assertEquals(runs(receiver).get(0), run, "the answer is the run as recorded, with its id");
                assertTrue(number(run, "id") > 0, run.toString());
            }
        }
    }

    @Test
    void aPluginsMessageWithLineBreaksIsRecordedOnOneLine() throws Exception {
        buildLedgerPlugin();
        try (FakeLedger ledger = new FakeLedger();
                RunningReceiver receiver = RunningReceiver.start(dataDir, ledgerSource(ledger))) {
            awaitRuns(receiver, 1);
            ledger.addRaw("{\"page\":\"multi-line-page\"}");
            Map<String, Object> failed = reconcile(receiver);
            assertEquals("failed", failed.get("outcome"));
            assertEquals("the ledger answered:\\u000aFORGED log line\\u000d\\u000a\\u001b[31mred",
                    failed.get("message"), "the plugin's message as one line, its control characters shown");
            assertEquals(failed.get("message"), runs(receiver).get(0).get("message"));
        }
    }

    @Test
    void aReconcileBlockOnAPluginProviderWithoutCatchUpNamesThePluginAndItsDocs() throws Exception {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("example-plain.jar"),
                Map.of("example.plain.PlainProvider", PLAIN_PROVIDER),
                Map.of("io.hookline.spi.Provider", "example.plain.PlainProvider\n"));
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", freePort());
        config.put("hookline.sources.plain.provider", "example-plain");
        config.put("hookline.sources.plain.secrets", List.of(WEBHOOK_TOKEN));
        config.put("hookline.sources.plain.reconcile.api-token", API_TOKEN);
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> RunningReceiver.start(dataDir, config).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("hookline.sources.plain.reconcile: provider 'example-plain' (plugin"
                + " example-plain.jar) offers no catch-up, so its sources cannot catch up: the plugin may be built"
                + " against an older SPI (without SourceVerifier.catchUp), or its sender's API cannot list what it"
                + " sent; remove the block, or ask the plugin's author (docs/plugins.md, \"Optional capabilities of a"
                + " source\")"), messages.toString());
        assertFalse(messages.toString().contains("has no API that lists missed webhooks"), messages.toString());
    }

    /** A provider built before catch-up existed: it verifies and identifies, nothing more. */
    private static final String PLAIN_PROVIDER = """
            package example.plain;

            import io.hookline.spi.*;
            import java.time.Instant;
            import java.util.*;

            public final class PlainProvider implements Provider {
                public String id() { return "example-plain"; }

                public SourceVerifier bind(SourceSettings source) {
                    return new SourceVerifier() {
                        public Verification verify(InboundRequest request, Instant now) {
                            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE, "never");
                        }

                        public EventIdentity identify(InboundRequest request) {
                            return new EventIdentity("k", "t", null);
                        }
                    };
                }
            }
            """;

    private void buildLedgerPlugin() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("example-ledger.jar"),
                Map.of("example.ledger.LedgerProvider", LEDGER_PROVIDER, "example.ledger.LedgerCatchUp", LEDGER_CATCH_UP),
                Map.of("io.hookline.spi.Provider", "example.ledger.LedgerProvider\n"));
    }

    private static Map<String, Object> ledgerSource(FakeLedger ledger) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", freePort());
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.sources.books.provider", "example-ledger");
        config.put("hookline.sources.books.secrets", List.of(WEBHOOK_TOKEN));
        config.put("hookline.sources.books.reconcile.api-url", ledger.url());
        config.put("hookline.sources.books.reconcile.api-token", API_TOKEN);
        config.put("hookline.sources.books.reconcile.interval", "1h");
        config.put("hookline.sources.books.reconcile.margin", "1m");
        return config;
    }

    private static List<String> routes(Map<String, Object> detail) {
        return ((List<?>) detail.get("deliveries")).stream()
                .map(delivery -> String.valueOf(((Map<?, ?>) delivery).get("route"))).toList();
    }

    private static Map<String, String> webhook() {
        return Map.of("X-Token", WEBHOOK_TOKEN, "Content-Type", "application/json");
    }

    private static Map<String, Object> reconcile(RunningReceiver receiver) {
        HttpResponse<String> answer = receiver.send("POST", "/admin/sources/books/reconcile", null, AUTH);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(RunningReceiver receiver) {
        HttpResponse<String> answer = receiver.send("GET", "/admin/sources/books/reconciliations", null, AUTH);
        assertEquals(200, answer.statusCode(), answer.body());
        return (List<Map<String, Object>>) receiver.json(answer).get("reconciliations");
    }

    private static void awaitRuns(RunningReceiver receiver, int count) {
        Eventually.await("the start-up catch-up run", Duration.ofSeconds(15), () -> runs(receiver).size(),
                n -> n >= count);
    }

    private static String eventIdOfKey(List<?> events, String key) {
        return events.stream().map(event -> (Map<?, ?>) event).filter(event -> key.equals(event.get("key")))
                .map(event -> (String) event.get("id")).findFirst().orElseThrow(() -> new AssertionError("no event " + key));
    }

    private static int number(Map<String, Object> run, String field) {
        return ((Number) run.get(field)).intValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The ledger's API: {@code GET /events?since=EPOCH_SECONDS}, the events created since, one JSON object a line. */
    private static final class FakeLedger implements AutoCloseable {

        private record Event(String id, Instant created, byte[] body) {}

        private final HttpServer server;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        FakeLedger() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/events", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(authorization));
                String query = String.valueOf(exchange.getRequestURI().getRawQuery());
                long since = Long.parseLong(query.replaceAll(".*since=(-?[0-9]+).*", "$1"));
                StringBuilder lines = new StringBuilder();
                for (Event event : events) {
                    if (event.created().getEpochSecond() >= since) {
                        lines.append(new String(event.body(), StandardCharsets.UTF_8)).append('\n');
                    }
                }
                byte[] answer = lines.toString().getBytes(StandardCharsets.UTF_8);
                int status = ("Bearer " + API_TOKEN).equals(authorization) ? 200 : 401;
                exchange.sendResponseHeaders(status, status == 200 ? answer.length : -1);
                if (status == 200) {
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** Records an event the ledger sent (or tried to); answers its id. */
        String add(String type) {
            String id = "led_" + ids.incrementAndGet();
            events.add(new Event(id, Instant.now(), ("{\"id\":\"" + id + "\",\"type\":\"" + type
                    + "\",\"amount\":" + (100 * ids.get()) + "}").getBytes(StandardCharsets.UTF_8)));
            return id;
        }

        /** Records a line the ledger's API lists as it is. */
        void addRaw(String line) {
            events.add(new Event("raw_" + ids.incrementAndGet(), Instant.now(), line.getBytes(StandardCharsets.UTF_8)));
        }

        byte[] body(String id) {
            return events.stream().filter(event -> event.id().equals(id)).findFirst().orElseThrow().body();
        }

        List<String> authorizations() {
            return authorizations;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
