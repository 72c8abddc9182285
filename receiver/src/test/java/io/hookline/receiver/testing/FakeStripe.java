package io.hookline.receiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stripe's List events call on 127.0.0.1, as documented at docs.stripe.com/api/events/list and
 * docs.stripe.com/api/pagination: {@code GET /v1/events} with {@code created[gte]}, {@code limit}
 * (1 to 100, default 10) and {@code starting_after}; answers a list object ({@code object},
 * {@code url}, {@code has_more}, {@code data}) newest first; a key other than its own gets 401, and
 * a rate limit, when asked for, 429 (docs.stripe.com/rate-limits). Events are the stripe-java
 * fixture {@code customer.created} with their own id and {@code created}, embedded byte for byte.
 * Asked to, it closes the connection of the next list calls without an answer.
 *
 * <p>Thin events too: Retrieve an Event, {@code GET /v2/core/events/:id}
 * (docs.stripe.com/api/v2/core/events/retrieve), answers the Event object with its {@code data}
 * (docs.stripe.com/api/v2/core/events/object), or 404 {@code not_found} for an id it does not hold.
 * An event of another account (its {@code context}, such as a connected account {@code acct_…}) is
 * found only with that account in the {@code Stripe-Context} header, and an event of the key's own
 * account only without one (docs.stripe.com/context: a request runs on the key's account unless
 * the header names another); otherwise it is not there, 404. Asked to, it answers the next fetches
 * 500 with an {@code api_error} (docs.stripe.com/api/errors: "Codes in the 5xx range indicate an
 * error with Stripe's servers").
 */
public final class FakeStripe implements AutoCloseable {

    public static final String KEY = "rk_test_reconcileTestKey0123456789";
    private static final String TEMPLATE = new String(Payloads.bytes("stripe/customer.created.stripe-java-api_fixture.json"),
            StandardCharsets.UTF_8).trim();

    /** One event: its id, when Stripe created it, and its JSON. */
    public record Event(String id, long created, byte[] json) {}

    private final HttpServer server;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean rateLimited = new AtomicBoolean();
    private final AtomicInteger toDrop = new AtomicInteger();
    private final Map<String, ThinEvent> thinEvents = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> fetches = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetchesToFail = new AtomicInteger();

    /**
     * A thin event: the notification Stripe sends to an event destination (docs.stripe.com/api/v2/core/events/event-types:
     * id, object, type, livemode, created, context, related_object; {@code snapshot_event} for the thin twin of
     * a snapshot event, docs.stripe.com/webhooks/migrate-snapshot-to-thin-events), and the full event the API answers.
     */
    public record ThinEvent(String id, String context, byte[] notification, byte[] full) {}

    public FakeStripe() throws IOException {
        server = LoopbackServer.start(this::handle);
    }

    public String apiUrl() {
        return LoopbackServer.url(server);
    }

    /** An event happens in the account, created now. */
    public Event add(String id) {
        long created = System.currentTimeMillis() / 1000;
        String json = TEMPLATE.replaceFirst("\"id\": \"evt_00000000000000\"", "\"id\": \"" + id + "\"")
                .replaceFirst("\"created\": 1326853478", "\"created\": " + created);
        Event event = new Event(id, created, json.getBytes(StandardCharsets.UTF_8));
        events.add(event);
        return event;
    }

    /** A thin {@code v1.customer.created} event of the account {@code context} (null: the key's own), naming its snapshot twin when {@code snapshotEvent} is not null. */
    public ThinEvent addThin(String id, String context, String snapshotEvent) {
        String common = "\"id\":\"" + id + "\",\"object\":\"v2.core.event\",\"type\":\"v1.customer.created\","
                + "\"livemode\":false,\"created\":\"2026-12-07T10:00:00.000Z\","
                + "\"context\":" + (context == null ? "null" : "\"" + context + "\"") + ","
                + "\"related_object\":{\"id\":\"cus_thin1\",\"type\":\"customer\",\"url\":\"/v1/customers/cus_thin1\"}"
                + (snapshotEvent == null ? "" : ",\"snapshot_event\":\"" + snapshotEvent + "\"");
        String notification = "{" + common + "}";
        String full = "{" + common + ",\"data\":{\"object\":{\"id\":\"cus_thin1\",\"object\":\"customer\","
                + "\"email\":\"thin@example.com\"}},\"reason\":null}";
        ThinEvent event = new ThinEvent(id, context, notification.getBytes(StandardCharsets.UTF_8),
                full.getBytes(StandardCharsets.UTF_8));
        thinEvents.put(id, event);
        return event;
    }

    /** The next {@code calls} fetches of a thin event are answered 500. */
    public void failFetches(int calls) {
        fetchesToFail.set(calls);
    }

    /** Each fetch of a thin event, as {@code <id> <Stripe-Context or ->}, in order. */
    public List<String> fetches() {
        return List.copyOf(fetches);
    }

    public void rateLimit(boolean on) {
        rateLimited.set(on);
    }

    /** The next {@code calls} list calls get their connection closed, unanswered (the exchange closed before any answer). */
    public void dropConnections(int calls) {
        toDrop.set(calls);
    }

    /** The query strings of every list call, decoded. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + KEY).equals(authorization)) {
                answer(exchange, 401, "{\"error\":{\"message\":\"Invalid API Key provided.\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            if (rateLimited.get()) {
                answer(exchange, 429, "{\"error\":{\"message\":\"Request rate limit exceeded.\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"rate_limit\"}}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/v2/core/events/")) {
                retrieveThin(exchange, path.substring("/v2/core/events/".length()));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) || !"/v1/events".equals(path)) {
                answer(exchange, 404, "{\"error\":{\"message\":\"Unrecognized request URL.\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            if (toDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return;
            }
            String raw = exchange.getRequestURI().getRawQuery();
            Map<String, String> query = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] parts = pair.split("=", 2);
                    query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                            parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
            queries.add(URLDecoder.decode(raw == null ? "" : raw, StandardCharsets.UTF_8));
            int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
            long createdGte = Long.parseLong(query.getOrDefault("created[gte]", "0"));
            List<Event> newestFirst = new ArrayList<>(events);
            java.util.Collections.reverse(newestFirst);
            newestFirst.removeIf(event -> event.created() < createdGte);
            int from = 0;
            if (query.containsKey("starting_after")) {
                while (from < newestFirst.size() && !newestFirst.get(from).id().equals(query.get("starting_after"))) {
                    from++;
                }
                from++;
            }
            List<Event> page = newestFirst.subList(Math.min(from, newestFirst.size()),
                    Math.min(newestFirst.size(), from + limit));
            StringBuilder json = new StringBuilder("{\n  \"object\": \"list\",\n  \"url\": \"/v1/events\",\n  \"has_more\": ")
                    .append(from + limit < newestFirst.size()).append(",\n  \"data\": [\n");
            for (int i = 0; i < page.size(); i++) {
                json.append(new String(page.get(i).json(), StandardCharsets.UTF_8)).append(i + 1 < page.size() ? ",\n" : "\n");
            }
            json.append("  ]\n}\n");
            answer(exchange, 200, json.toString());
        }
    }

    private void retrieveThin(HttpExchange exchange, String id) throws IOException {
        String context = exchange.getRequestHeaders().getFirst("Stripe-Context");
        fetches.add(id + " " + (context == null ? "-" : context));
        if (fetchesToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            answer(exchange, 500, "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"api_error\"}}");
            return;
        }
        ThinEvent event = thinEvents.get(id);
        if (event == null || !java.util.Objects.equals(event.context(), context)) {
            answer(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"not_found\","
                    + "\"message\":\"The resource wasn't found.\"}}");
            return;
        }
        answer(exchange, 200, new String(event.full(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_test");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
