package io.hookline.receiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub on 127.0.0.1, as far as one repository hook goes: it sends webhooks to the receiver,
 * signed, and remembers each attempt as its delivery log does; and it serves the REST API calls
 * that reconciliation makes, as documented at docs.github.com/en/rest/repos/webhooks: "List
 * deliveries for a repository webhook" ({@code GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries},
 * newest first, {@code per_page} at most 100, the next page's {@code cursor} in the {@code Link}
 * header) and "Redeliver a delivery for a repository webhook" ({@code POST .../deliveries/{id}/attempts},
 * 202, then the delivery is sent again with the same {@code X-GitHub-Delivery}). A token other than
 * its own gets 401; a rate limit, when asked for, answers 403 with {@code x-ratelimit-remaining: 0}
 * and {@code x-ratelimit-reset}, as the rate-limit docs say. Asked to, it closes the connection of
 * the next calls without an answer, as a proxy or a server restart does; a redelivery it drops is
 * still carried out, as it may be on GitHub.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String TOKEN = "ghp_reconcileTestToken0123456789";
    public static final String HOOK = "repos/acme/widgets/hooks/42";

    private static final Pattern LIST = Pattern.compile("/" + HOOK + "/deliveries");
    private static final Pattern REDELIVER = Pattern.compile("/" + HOOK + "/deliveries/([0-9]+)/attempts");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One attempt as GitHub's delivery log keeps it, with what it sent. */
    public record Attempt(long id, String guid, Instant deliveredAt, boolean redelivery, int statusCode, String event,
            GitHubDelivery sent) {}

    private final HttpServer server;
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private final String secret;
    private final List<Attempt> log = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1_000);
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<String> redeliveryRequests = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> apiHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger callsBeforeRateLimit = new AtomicInteger(-1);
    private final Map<String, AtomicInteger> toDrop = new ConcurrentHashMap<>();
    private volatile URI receiver;

    public FakeGitHub(String secret) throws IOException {
        this.secret = secret;
        server = LoopbackServer.start(this::handle);
    }

    public String apiUrl() {
        return LoopbackServer.url(server);
    }

    /** Where the hook sends webhooks: the receiver's {@code /hooks/{source}}. */
    public void deliverTo(URI hookUrl) {
        this.receiver = hookUrl;
    }

    /** An event happens: GitHub sends it once and logs the attempt, status 0 when nothing answered. */
    public String send(String event, byte[] body) {
        String guid = UUID.randomUUID().toString();
        attempt(guid, event, GitHubDelivery.of(event, guid, body, secret), false);
        return guid;
    }

    /** An event happens while GitHub cannot reach the receiver: a failed attempt in the log, nothing sent. */
    public String missed(String event, byte[] body) {
        String guid = UUID.randomUUID().toString();
        log.add(new Attempt(ids.incrementAndGet(), guid, Instant.now(), false, 502, event,
                GitHubDelivery.of(event, guid, body, secret)));
        return guid;
    }

    /** Redelivering this event will be refused with 422. */
    public void refuseRedelivery(String guid) {
        refused.add(guid);
    }

    /** After {@code calls} more API calls, every call answers the primary rate limit. */
    public void rateLimitAfter(int calls) {
        callsBeforeRateLimit.set(calls);
    }

    /** The next {@code calls} API calls with this method ({@code GET}, {@code POST}) get their connection closed, unanswered. */
    public void dropConnections(String method, int calls) {
        toDrop.put(method, new AtomicInteger(calls));
    }

    public void liftRateLimit() {
        callsBeforeRateLimit.set(-1);
    }

    /** The guids GitHub was asked to redeliver, in order. */
    public List<String> redeliveryRequests() {
        return List.copyOf(redeliveryRequests);
    }

    /** The headers of every API call, lower-case names. */
    public List<Map<String, String>> apiHeaders() {
        return List.copyOf(apiHeaders);
    }

    /** The attempts of one event, oldest first. */
    public List<Attempt> attempts(String guid) {
        return log.stream().filter(attempt -> attempt.guid().equals(guid)).toList();
    }

    private void attempt(String guid, String event, GitHubDelivery delivery, boolean redelivery) {
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(receiver).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
            delivery.headers().forEach(request::header);
            status = CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        log.add(new Attempt(ids.incrementAndGet(), guid, Instant.now(), redelivery, status, event, delivery));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            apiHeaders.add(headers);
            if (!("Bearer " + TOKEN).equals(headers.get("authorization"))) {
                answer(exchange, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}",
                        Map.of());
                return;
            }
            if (callsBeforeRateLimit.get() == 0) {
                answer(exchange, 403, "{\"message\":\"API rate limit exceeded for user ID 1.\"}", Map.of(
                        "x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0",
                        "x-ratelimit-reset", Long.toString(Instant.now().plusSeconds(600).getEpochSecond())));
                return;
            }
            callsBeforeRateLimit.updateAndGet(left -> left > 0 ? left - 1 : left);
            String path = exchange.getRequestURI().getPath();
            Matcher redeliver = REDELIVER.matcher(path);
            boolean drop = toDrop.getOrDefault(exchange.getRequestMethod(), new AtomicInteger())
                    .getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            if ("GET".equals(exchange.getRequestMethod()) && LIST.matcher(path).matches()) {
                if (!drop) {
                    list(exchange);
                }
            } else if ("POST".equals(exchange.getRequestMethod()) && redeliver.matches()) {
                redeliver(exchange, Long.parseLong(redeliver.group(1)), drop);
            } else {
                answer(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
            }
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
        List<Attempt> newestFirst = new ArrayList<>(log);
        newestFirst.sort((a, b) -> Long.compare(b.id(), a.id()));
        int from = 0;
        if (query.containsKey("cursor")) {
            long after = Long.parseLong(query.get("cursor").substring("v1_".length()));
            while (from < newestFirst.size() && newestFirst.get(from).id() >= after) {
                from++;
            }
        }
        List<Attempt> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + perPage));
        StringBuilder json = new StringBuilder("[");
        for (Attempt attempt : page) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(String.format("{\"id\":%d,\"guid\":\"%s\",\"delivered_at\":\"%s\",\"redelivery\":%s,"
                    + "\"duration\":0.12,\"status\":\"%s\",\"status_code\":%d,\"event\":\"%s\",\"action\":null,"
                    + "\"installation_id\":null,\"repository_id\":1296269,\"throttled_at\":null}",
                    attempt.id(), attempt.guid(), attempt.deliveredAt(), attempt.redelivery(),
                    attempt.statusCode() == 200 ? "OK" : "failed", attempt.statusCode(), attempt.event()));
        }
        json.append(']');
        Map<String, String> headers = new java.util.HashMap<>();
        if (from + perPage < newestFirst.size()) {
            long cursor = page.get(page.size() - 1).id();
            headers.put("Link", "<" + apiUrl() + "/" + HOOK + "/deliveries?per_page=" + perPage + "&cursor=v1_" + cursor
                    + ">; rel=\"next\"");
        }
        answer(exchange, 200, json.toString(), headers);
    }

    /** Closing the exchange before any answer closes the connection: the client reads no response. */
    private void redeliver(HttpExchange exchange, long id, boolean drop) throws IOException {
        Attempt original = log.stream().filter(attempt -> attempt.id() == id).findFirst().orElse(null);
        if (original == null) {
            answer(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
            return;
        }
        redeliveryRequests.add(original.guid());
        if (refused.contains(original.guid())) {
            answer(exchange, 422, "{\"message\":\"Validation Failed\"}", Map.of());
            return;
        }
        sender.execute(() -> attempt(original.guid(), original.event(), original.sent(), true));
        if (!drop) {
            answer(exchange, 202, "{}", Map.of());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                query.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        sender.shutdownNow();
        server.stop(0);
    }
}
