package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an admin sees when a request is wrong, over real HTTP against the real receiver: a field
 * the call does not know, a value of the wrong type or a body that is not JSON is a 400 naming
 * what is wrong, and nothing runs; a request without the token is a 401 whatever its body, on
 * every route under {@code /admin} but the dashboard's page and script.
 */
class AdminRequestsTest {

    private static final String ADMIN = "requests-admin-token-0123456789abcdef";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /** What anyone may call: webhooks, health and readiness (its detail only for the admin), metrics. */
    private static final Set<String> PUBLIC_ROUTES = Set.of("POST /hooks/{source}", "GET /health", "HEAD /health",
            "GET /health/readiness", "HEAD /health/readiness", "GET /metrics", "HEAD /metrics");

    @TempDir
    Path dataDir;

    @Test
    void aMisspelledOrUnknownReplayFieldIsRefusedNamingItAndNothingIsReplayed() throws Exception {
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir,
                withRoute(target))) {
            String id = deadEvent(receiver, target);
            int sent = target.received("/ci").size();

            Map<String, Object> camel = refused(receiver, "/admin/replay", "{\"dryRun\": true}", "invalid_body");
            assertTrue(detail(camel).startsWith("dryRun: not a field of a replay"), detail(camel));
            assertTrue(detail(camel).contains("dry_run"), "the known fields are named: " + detail(camel));
            Map<String, Object> typo = refused(receiver, "/admin/replay", "{\"sourse\": \"gh\"}", "invalid_body");
            assertTrue(detail(typo).startsWith("sourse: not a field of a replay"), detail(typo));
            refused(receiver, "/admin/replay", "{\"rate\": 5, \"dryRun\": true}", "invalid_body");
            Map<String, Object> single = refused(receiver, "/admin/events/" + id + "/replay", "{\"route\": [\"ci\"]}",
                    "invalid_body");
            assertEquals("route: not a field of a replay (fields: [all, dry_run, routes])", detail(single));
            Map<String, Object> notAList = refused(receiver, "/admin/events/" + id + "/replay", "{\"routes\": \"ci\"}",
                    "invalid_body");
            assertTrue(detail(notAList).startsWith("routes must be a list of texts"), detail(notAList));

            for (String contentType : List.of("application/x-www-form-urlencoded", "text/plain")) {
                HttpResponse<String> curlDefault = receiver.send("POST", "/admin/replay",
                        "{\"dryRun\": true}".getBytes(StandardCharsets.UTF_8),
                        Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", contentType));
                assertTrue(curlDefault.statusCode() == 400 || curlDefault.statusCode() == 415,
                        contentType + ": " + curlDefault.statusCode() + " " + curlDefault.body());
            }

            Thread.sleep(500);
            assertEquals(sent, target.received("/ci").size(), "the target received nothing more");
            assertEquals("dead", event(receiver, id).get("status"), "the event was not replayed");
            assertTrue(list(receiver, "/admin/replays", "replays").isEmpty(), "no paced replay was started");

            HttpResponse<String> dry = admin(receiver, "POST", "/admin/replay", "{\"dry_run\": true, \"source\": \"gh\"}");
            assertEquals(200, dry.statusCode(), dry.body());
            assertEquals(1, ((Number) receiver.json(dry).get("events")).intValue(), "the right spelling still works");
        }
    }

    @Test
    void aWrongTypeOrABodyThatIsNotJsonIsA400InTheStandardShapeNeverA500() throws Exception {
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir,
                withRoute(target))) {
            String id = deadEvent(receiver, target);
            int sent = target.received("/ci").size();

            assertEquals("dry_run must be true or false; not \"yes\"",
                    detail(refused(receiver, "/admin/replay", "{\"dry_run\": \"yes\"}", "invalid_body")));
            assertEquals("rate must be a number; not \"fast\"",
                    detail(refused(receiver, "/admin/replay", "{\"rate\": \"fast\"}", "invalid_body")));
            assertEquals("status must be one of pending, retrying, processed, dead; not 'sideways'",
                    detail(refused(receiver, "/admin/replay", "{\"status\": \"sideways\"}", "invalid_body")));
            WebhookReceiveTestSupport.error(receiver, admin(receiver, "GET", "/admin/events?status=sideways", null), 400,
                    "invalid_query");
            assertEquals("status must be one of pending, retrying, processed, dead; not 'skipped'",
                    WebhookReceiveTestSupport.error(receiver, admin(receiver, "GET", "/admin/events?status=skipped", null),
                            400, "invalid_query").get("detail"), "a delivery is skipped, an event never is");
            assertEquals("status must be one of pending, retrying, processed, dead, skipped; not 'sideways'",
                    WebhookReceiveTestSupport.error(receiver, admin(receiver, "GET",
                            "/admin/subscriptions/sub_none/deliveries?status=sideways", null), 400, "invalid_query")
                            .get("detail"), "a subscription's deliveries may be skipped");
            assertEquals("source must be a text; not 5",
                    detail(refused(receiver, "/admin/replay", "{\"source\": 5}", "invalid_body")));
            assertTrue(detail(refused(receiver, "/admin/replay", "{\"from\": \"yesterday\"}", "invalid_body"))
                    .startsWith("from must be an ISO-8601 instant"));
            for (String broken : List.of("{\"dry_run\": tru", "[\"gh\"]", "null", "dry_run=true",
                    "{\"dry_run\": true} trailing", "{\"dry_run\": true}{\"all\": true}", "{\"dry_run\": true},",
                    "{\"dry_run\": true, \"dry_run\": false}")) {
                Map<String, Object> error = refused(receiver, "/admin/replay", broken, "invalid_body");
                assertTrue(detail(error).startsWith("the body must be one JSON object"), broken + ": " + detail(error));
            }
            refused(receiver, "/admin/events/" + id + "/replay", "{oops", "invalid_body");
            refused(receiver, "/admin/sources/gh/reconcile", "{\"since\": \"2026-01-01T00:00:00Z\"}", "invalid_body");
            Map<String, Object> subscription = refused(receiver, "/admin/subscriptions", "{\"colour\": \"red\"}",
                    "invalid_body");
            assertTrue(detail(subscription).startsWith("colour: not a field of a subscription"), detail(subscription));

            Thread.sleep(500);
            assertEquals(sent, target.received("/ci").size(), "the target received nothing more");
            assertEquals("dead", event(receiver, id).get("status"));
        }
    }

    @Test
    void withoutTheTokenAMalformedBodyIs401NotAParserError() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", ADMIN))) {
            for (String path : List.of("/admin/replay", "/admin/subscriptions", "/admin/events/x/replay")) {
                HttpResponse<String> anonymous = receiver.send("POST", path, "{\"dry_run\": tru".getBytes(), JSON);
                WebhookReceiveTestSupport.error(receiver, anonymous, 401, "unauthorized");
                Map<String, String> wrong = new HashMap<>(JSON);
                wrong.put("Authorization", "Bearer not-the-token");
                WebhookReceiveTestSupport.error(receiver, receiver.send("POST", path, "[".getBytes(), wrong), 401,
                        "unauthorized");
            }
        }
    }

    /**
     * Every route the router has, walked: those outside {@code /admin} are the few anyone may call,
     * so an admin endpoint cannot be put elsewhere by mistake; without the token each route under
     * {@code /admin} answers 401, but the dashboard's page and its script, which hold no data. No
     * admin route binds a body of its own: each reads it through AdminRequestBody, which refuses
     * unknown fields. Readiness answers anyone, and its checks' detail only to the admin token.
     */
    @Test
    void everyAdminRouteAnswers401WithoutTheTokenButTheDashboardPage() throws IOException {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", ADMIN))) {
            List<UriRouteInfo<?, ?>> all = receiver.context().getBean(Router.class).uriRoutes().toList();
            Set<String> outsideAdmin = new TreeSet<>();
            all.stream().filter(route -> !route.getUriMatchTemplate().toString().startsWith("/admin"))
                    .forEach(route -> outsideAdmin.add(route.getHttpMethodName() + " " + route.getUriMatchTemplate()));
            assertEquals(PUBLIC_ROUTES, outsideAdmin, "only these routes are outside /admin and its token");
            List<UriRouteInfo<?, ?>> routes = all.stream()
                    .filter(route -> route.getUriMatchTemplate().toString().startsWith("/admin")).toList();
            assertTrue(routes.size() > 20, "the router lists the admin routes: " + routes);
            Set<String> open = new TreeSet<>();
            List<String> unprotected = new ArrayList<>();
            for (UriRouteInfo<?, ?> route : routes) {
                String call = route.getHttpMethodName() + " " + route.getUriMatchTemplate();
                String path = route.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", "")
                        .replaceAll("\\{[^}]+}", "x");
                HttpResponse<String> anonymous = receiver.send(route.getHttpMethodName(), path, null, Map.of());
                if (anonymous.statusCode() == 200 && isDashboardFile(route)) {
                    open.add(call);
                } else if (anonymous.statusCode() != 401) {
                    unprotected.add(call + " answered " + anonymous.statusCode() + " without a token");
                }
                for (var argument : route.getTargetMethod().getArguments()) {
                    boolean fromPathQueryOrHeader = argument.getAnnotationMetadata().hasStereotype(Bindable.class)
                            && !argument.getAnnotationMetadata().hasAnnotation(Body.class);
                    assertTrue(fromPathQueryOrHeader || argument.getType().getSimpleName().equals("AdminRequestBody")
                            || argument.getType() == HttpRequest.class, call + " binds "
                            + argument + " from the body itself; admin bodies are read through AdminRequestBody");
                }
                assertFalse(route.getBodyArgument().isPresent(), call + " binds a body argument");
            }
            assertEquals(List.of(), unprotected);
            assertEquals(Set.of("GET /admin", "HEAD /admin", "GET /admin/dashboard.js", "HEAD /admin/dashboard.js"), open);
            assertEquals(resource("dashboard.html"), receiver.get("/admin/").body(),
                    "the public page is the static file, with no data in it");
            assertEquals(resource("dashboard.js"), receiver.get("/admin/dashboard.js").body());

            for (String sneaky : List.of("//admin/stats", "/admin//stats", "/admin/./stats", "/admin/%73tats",
                    "/admin/stats/", "/ADMIN/stats", "/admin/sources/../stats")) {
                HttpResponse<String> answer = receiver.send("GET", sneaky, null, Map.of());
                assertNotEquals(200, answer.statusCode(), sneaky + " reached the admin API without a token: " + answer.body());
            }

            HttpResponse<String> anonymous = receiver.get("/health/readiness");
            assertEquals(200, anonymous.statusCode(), anonymous.body());
            assertEquals(Map.of("status", "UP"), receiver.json(anonymous), "readiness without the token: the status alone");
            HttpResponse<String> wrong = receiver.send("GET", "/health/readiness", null,
                    Map.of("Authorization", "Bearer not-the-token"));
            assertEquals(Map.of("status", "UP"), receiver.json(wrong), "readiness with a wrong token: the status alone");
            Map<String, Object> admin = receiver.json(admin(receiver, "GET", "/health/readiness", null));
            assertEquals("UP", admin.get("status"));
            assertEquals(Set.of("database", "dispatcher", "disk"), ((Map<?, ?>) admin.get("checks")).keySet(),
                    "readiness with the admin token shows each check: " + admin);
        }
    }

    @Test
    void withTheAdminApiOffItsRoutesAre404AndTheDashboardPageStillLoads() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            WebhookReceiveTestSupport.error(receiver, receiver.send("POST", "/admin/replay", "{\"dryRun\":1}".getBytes(),
                    JSON), 404, "admin_disabled");
            WebhookReceiveTestSupport.error(receiver, receiver.get("/admin/stats"), 404, "admin_disabled");
            assertEquals(200, receiver.get("/admin/").statusCode());
            assertEquals(200, receiver.get("/admin/dashboard.js").statusCode());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AdminRequestsTest.class.getResourceAsStream("/io/hookline/receiver/admin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean isDashboardFile(UriRouteInfo<?, ?> route) {
        return route.getDeclaringType().getSimpleName().equals("DashboardController");
    }

    private static Map<String, Object> withRoute(TargetServer target) {
        return Map.of("hookline.admin-token", ADMIN, "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].name", "ci", "hookline.routes[0].match", "gh:*",
                "hookline.routes[0].handler", "forward", "hookline.routes[0].settings.url", target.url("/ci"));
    }

    /** One GitHub event that the target refuses with 400, dead after its one attempt. */
    private static String deadEvent(RunningReceiver receiver, TargetServer target) {
        target.script("/ci", 400);
        GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        String id = (String) receiver.json(receiver.post("/hooks/gh", push.body(), push.headers())).get("id");
        Eventually.await("the event to go dead", Duration.ofSeconds(20), () -> event(receiver, id).get("status"),
                "dead"::equals);
        return id;
    }

    private static Map<String, Object> event(RunningReceiver receiver, String id) {
        return receiver.json(admin(receiver, "GET", "/admin/events/" + id, null));
    }

    private static List<?> list(RunningReceiver receiver, String path, String field) {
        return (List<?>) receiver.json(admin(receiver, "GET", path, null)).get(field);
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>(JSON);
        headers.put("Authorization", "Bearer " + ADMIN);
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Map<String, Object> refused(RunningReceiver receiver, String path, String body, String code) {
        return WebhookReceiveTestSupport.error(receiver, admin(receiver, "POST", path, body), 400, code);
    }

    private static String detail(Map<String, Object> error) {
        return (String) error.get("detail");
    }
}
