package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.spi.CarriedText;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a signed sender puts in an event type, every matching route and subscription gets the
 * event, and sees the type as the documented percent-encoding carries it; a {@code command} route
 * configured as the docs show runs with a clean environment. Over real HTTP, against the real
 * receiver, a loopback target and real processes.
 */
class AnyEventTypeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] ISSUE = GitHubDelivery.payload("issues.opened.json");

    @TempDir
    Path dataDir;

    @Test
    void anIssueWhoseActionHoldsALineTerminatorReachesTheRoutesThatMatchEveryIssue() throws Exception {
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                "hookline.admin-token", RunningReceiver.ADMIN_TOKEN,
                "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].name", "everything", "hookline.routes[0].match", "*",
                "hookline.routes[0].handler", "forward", "hookline.routes[0].settings.url", target.url("/all"),
                "hookline.routes[1].name", "issues", "hookline.routes[1].match", "gh:issues.*",
                "hookline.routes[1].handler", "forward", "hookline.routes[1].settings.url", target.url("/issues")))) {
            for (String action : List.of("opened\nx", "opened\rx", "opened\u0085x", "opened\u2028x", "opened\u2029x")) {
                String id = postIssue(receiver, action);
                Map<String, Object> event = Eventually.await("the event to be processed", WAIT,
                        () -> event(receiver, id), e -> "processed".equals(e.get("status")));
                assertEquals(List.of("everything", "issues"), ((List<?>) event.get("deliveries")).stream()
                        .map(d -> ((Map<?, ?>) d).get("route")).sorted().toList(),
                        "both routes, for action " + CarriedText.encode(action));
                for (String path : List.of("/all", "/issues")) {
                    TargetServer.Received delivered = target.received(path).stream()
                            .filter(r -> id.equals(r.header("webhook-id"))).findFirst().orElseThrow();
                    assertEquals("issues." + action, CarriedText.decode(delivered.header("X-Hookline-Event-Type")));
                }
            }
            assertEquals("issues.opened%0Ax", target.received("/all").get(0).header("X-Hookline-Event-Type"));
        }
    }

    /**
     * Subscriptions on, the admin token, and besides the subscriptions' own a route of each kind that
     * carries the type out: {@code forward-all} to the target's {@code /forward}, and {@code script},
     * a command writing {@code HOOKLINE_EVENT_TYPE} to {@code out/<event id>}.
     */
    static Map<String, Object> everyCarrier(TargetServer target, Path out) {
        Map<String, Object> config = SubscriptionsTest.config(true);
        config.put("hookline.admin-token", RunningReceiver.ADMIN_TOKEN);
        config.put("hookline.routes[1].name", "forward-all");
        config.put("hookline.routes[1].match", "*");
        config.put("hookline.routes[1].handler", "forward");
        config.put("hookline.routes[1].settings.url", target.url("/forward"));
        config.put("hookline.routes[2].name", "script");
        config.put("hookline.routes[2].match", "*");
        config.put("hookline.routes[2].handler", "command");
        config.put("hookline.routes[2].settings.command[0]", "sh");
        config.put("hookline.routes[2].settings.command[1]", "-c");
        config.put("hookline.routes[2].settings.command[2]", "printf %s \"$HOOKLINE_EVENT_TYPE\" > \"$0/$HOOKLINE_EVENT_ID\"");
        config.put("hookline.routes[2].settings.command[3]", out.toString());
        return config;
    }

    @Test
    void aTypeOutsideLatin1ReachesAForwardRouteASubscriptionAndACommand() throws Exception {
        Path out = Files.createDirectories(dataDir.resolve("out"));
        try (TargetServer target = new TargetServer()) {
            Map<String, Object> config = everyCarrier(target, out);
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                assertEquals(201, admin(receiver, "POST", "/admin/subscriptions",
                        "{\"name\":\"sub\",\"url\":\"" + target.url("/sub") + "\",\"events\":[\"*\"]}").statusCode());
                for (String action : List.of("開く", "nul\0and\u0007bell", "100% done")) {
                    String id = postIssue(receiver, action);
                    Map<String, Object> event = Eventually.await("the event to be processed", WAIT,
                            () -> event(receiver, id), e -> !"pending".equals(e.get("status"))
                                    && !"retrying".equals(e.get("status")));
                    assertEquals("processed", event.get("status"), "every route got it: " + event.get("deliveries"));
                    for (String path : List.of("/forward", "/sub")) {
                        TargetServer.Received delivered = target.received(path).stream()
                                .filter(r -> id.equals(r.header("webhook-id"))).findFirst().orElseThrow();
                        assertEquals("issues." + action, CarriedText.decode(delivered.header("X-Hookline-Event-Type")),
                                path);
                    }
                    assertEquals("issues." + action, CarriedText.decode(Files.readString(out.resolve(id))), "command");
                }
                assertEquals("issues.%E9%96%8B%E3%81%8F", Files.readString(out.resolve(
                        target.received("/sub").get(0).header("webhook-id"))));
            }
        }
    }

    @Test
    void theDocumentedCommandFormsInAConfigurationFileRunWithACleanEnvironment() throws Exception {
        Path out = Files.createDirectories(dataDir.resolve("out"));
        Path file = dataDir.resolve("hookline.yml");
        Files.writeString(file, """
                hookline:
                  routes:
                    - name: as-a-string
                      handler: command
                      settings:
                        command: "sh -c 'env > \\"$0/string-$HOOKLINE_EVENT_ID\\"' %1$s"
                    - name: as-a-list
                      handler: command
                      settings:
                        command: [ "sh", "-c", "printf '%%s' \\"$1, $HOOKLINE_EVENT_TYPE\\" > \\"$0/list-$HOOKLINE_EVENT_ID\\"", "%1$s", "a, b" ]
                    - name: with-home
                      handler: command
                      settings:
                        command:
                          - sh
                          - -c
                          - env > "$0/home-$HOOKLINE_EVENT_ID"
                          - %1$s
                        pass-env: [ PATH, HOME ]
                    - name: bare
                      handler: command
                      settings:
                        command: [ "sh", "-c", "env > \\"$0/bare-$HOOKLINE_EVENT_ID\\"", "%1$s" ]
                        pass-env: []
                    - name: from-the-environment
                      handler: command
                      settings:
                        command: "${deploy.command}"
                """.formatted(out));
        RunningReceiver started;
        System.setProperty("micronaut.config.files", file.toString());
        try {
            started = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", RunningReceiver.ADMIN_TOKEN,
                    "hookline.secret-key", SubscriptionsTest.SECRET_KEY, "hookline.dispatch.poll-interval", "50ms",
                    "deploy.command", "sh -c 'echo \"$1\" > \"$0/placeholder-$HOOKLINE_EVENT_ID\"' " + out + " 'from a placeholder'"));
        } finally {
            System.clearProperty("micronaut.config.files");
        }
        try (RunningReceiver receiver = started) {
            String id = postIssue(receiver, "opened");
            Map<String, Object> event = Eventually.await("the event to be handled", WAIT, () -> event(receiver, id),
                    e -> !"pending".equals(e.get("status")) && !"retrying".equals(e.get("status")));
            assertEquals("processed", event.get("status"), String.valueOf(event.get("deliveries")));

            assertEquals("a, b, issues.opened", Files.readString(out.resolve("list-" + id)),
                    "each element of the list is one argument, commas and all");
            List<String> names = Files.readAllLines(out.resolve("string-" + id)).stream()
                    .map(line -> line.substring(0, Math.max(0, line.indexOf('='))))
                    .filter(name -> !List.of("", "PWD", "SHLVL", "_").contains(name)).sorted().toList();
            assertEquals(List.of("HOOKLINE_ATTEMPT", "HOOKLINE_EVENT_ID", "HOOKLINE_EVENT_TYPE", "HOOKLINE_IDEMPOTENCY_KEY",
                    "HOOKLINE_PROVIDER", "HOOKLINE_SOURCE", "PATH"), names,
                    "the event's variables and PATH: nothing else of the receiver's environment");
            assertTrue(Files.readAllLines(out.resolve("home-" + id)).contains("HOME=" + System.getenv("HOME")),
                    "a variable the route names in pass-env");
            assertTrue(Files.readAllLines(out.resolve("bare-" + id)).stream().noneMatch(line -> line.startsWith("PATH=")),
                    "an empty pass-env passes nothing");
            assertEquals("from a placeholder", Files.readString(out.resolve("placeholder-" + id)).strip());
        }
    }

    @Test
    void aDeadDeliveryOfAnOddTypeIsReportedToSentryWithTheTypeEncodedAndCutToATagsLength() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                        "hookline.sentry.dsn", sentry.dsn(), "hookline.sentry.environment", "staging",
                        "hookline.admin-token", RunningReceiver.ADMIN_TOKEN, "hookline.dispatch.poll-interval", "50ms",
                        "hookline.routes[0].name", "ci", "hookline.routes[0].handler", "forward",
                        "hookline.routes[0].settings.url", target.url("/ci")))) {
            target.script("/ci", 400);
            String action = "opened\n" + "x".repeat(300);
            String id = postIssue(receiver, action);
            Map<String, Object> event = Eventually.await("the delivery to go dead", WAIT, () -> event(receiver, id),
                    e -> "dead".equals(e.get("status")));
            assertEquals("downstream_rejected", ((Map<?, ?>) ((List<?>) event.get("deliveries")).get(0)).get("last_error_class"));
            String report = Eventually.await("the dead-letter report", WAIT, sentry::events, found -> !found.isEmpty()).get(0);
            String tag = (String) ((Map<?, ?>) receiver.json(report).get("tags")).get("event_type");
            String encoded = CarriedText.encode("issues." + action);
            assertEquals(encoded.substring(0, 197) + "...", tag, "percent-encoded, no line break, 200 characters");
        }
    }

    private static String postIssue(RunningReceiver receiver, String action) throws IOException {
        String body = new String(ISSUE, StandardCharsets.UTF_8).replace("\"action\": \"opened\"",
                "\"action\": " + receiver.context().getBean(JsonMapper.class).writeValueAsString(action));
        GitHubDelivery delivery = GitHubDelivery.of("issues", UUID.randomUUID().toString(),
                body.getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET);
        HttpResponse<String> answer = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) receiver.json(answer).get("id");
    }

    private static Map<String, Object> event(RunningReceiver receiver, String id) {
        return receiver.json(admin(receiver, "GET", "/admin/events/" + id, null));
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN, "Content-Type", "application/json"));
    }
}
