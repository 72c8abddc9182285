package io.hookline.receiver.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeGitHub;
import io.hookline.receiver.testing.FakeStripe;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.Signers;
import io.hookline.spi.StoredEvent;
import io.hookline.store.EventStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation end to end: the real receiver, over loopback, against GitHub and Stripe servers
 * that implement the documented API calls (FakeGitHub, FakeStripe). What is asserted is what an
 * operator sees: the answer of {@code POST /admin/sources/{name}/reconcile}, the recorded runs,
 * the events stored, the metrics and Sentry.
 */
class ReconcileTest {

    private static final String ADMIN = "reconcile-admin-token-0123456789abcdef";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);
    private static final byte[] PUSH = GitHubDelivery.payload("push.json");

    @TempDir
    Path dataDir;

    @Test
    void aGapOfSeveralPagesIsRedeliveredOnceEachAndWhatWasStoredIsLeftAlone() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET);
                RunningReceiver receiver = RunningReceiver.start(dataDir, githubSource(github, FakeGitHub.TOKEN))) {
            github.deliverTo(receiver.uri("/hooks/gh"));
            awaitRuns(receiver, "gh", 1);

            Set<String> missed = new HashSet<>();
            for (int i = 0; i < 270; i++) {
                if (i % 7 == 0) {
                    github.send("push", PUSH);
                } else {
                    missed.add(github.missed("push", PUSH));
                }
            }
            assertEquals(39, receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"), "what arrived is stored");

            Map<String, Object> run = reconcile(receiver, "gh");
            assertEquals(270, number(run, "checked"), "three pages of deliveries looked at: " + run);
            assertEquals(231, number(run, "missing"), run.toString());
            assertEquals(231, number(run, "recovered"), run.toString());
            assertEquals(0, number(run, "failed"), run.toString());
            assertEquals("ok", run.get("outcome"));

            Eventually.await("the redeliveries to be stored", Duration.ofSeconds(30),
                    () -> receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"), stored -> stored == 270);
            assertEquals(missed, new HashSet<>(github.redeliveryRequests()), "exactly the missed ones were asked for");
            assertEquals(231, github.redeliveryRequests().size(), "each once");

            Map<String, Object> again = reconcile(receiver, "gh");
            assertEquals(270, number(again, "checked"), "redeliveries are attempts of the same events: " + again);
            assertEquals(0, number(again, "missing"), again.toString());
            assertEquals(231, github.redeliveryRequests().size(), "nothing asked for twice");

            for (Map<String, String> headers : github.apiHeaders()) {
                assertEquals("application/vnd.github+json", headers.get("accept"));
                assertEquals("2022-11-28", headers.get("x-github-api-version"));
            }
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.contains("hookline_reconciled_total{outcome=\"recovered\",provider=\"github\",source=\"gh\"} 231.0"),
                    metrics.lines().filter(line -> line.contains("reconciled")).toList().toString());

            List<Map<String, Object>> runs = runs(receiver, "gh");
            assertEquals(List.of("manual", "manual", "start"), runs.stream().map(r -> r.get("trigger")).toList());
            assertEquals(runs.get(1), run, "the answer is the run as recorded: its id, its times as listed");
            assertEquals(runs.get(0), again);
            assertTrue(number(run, "id") > 0 && number(again, "id") > number(run, "id"), run + " then " + again);
        }
    }

    @Test
    void aRefusedRedeliveryIsAPartialRunAndARateLimitStopsARunThatTheNextOneFinishes() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET);
                RunningReceiver receiver = RunningReceiver.start(dataDir, githubSource(github, FakeGitHub.TOKEN))) {
            github.deliverTo(receiver.uri("/hooks/gh"));
            awaitRuns(receiver, "gh", 1);

            String recoverable = github.missed("push", PUSH);
            String refused = github.missed("push", PUSH);
            github.refuseRedelivery(refused);
            Map<String, Object> partial = reconcile(receiver, "gh");
            assertEquals(List.of(2, 1, 1), List.of(number(partial, "missing"), number(partial, "recovered"),
                    number(partial, "failed")), partial.toString());
            assertEquals("partial", partial.get("outcome"));
            assertTrue(String.valueOf(partial.get("message")).contains("GitHub refused to redeliver"), partial.toString());
            assertTrue(String.valueOf(partial.get("message")).contains(refused), partial.toString());
            Eventually.await("the recoverable one to be stored", Duration.ofSeconds(10),
                    () -> receiver.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", recoverable), n -> n == 1);

            List<String> gap = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                gap.add(github.missed("push", PUSH));
            }
            github.rateLimitAfter(1);
            Map<String, Object> limited = reconcile(receiver, "gh");
            assertEquals("failed", limited.get("outcome"), limited.toString());
            assertTrue(String.valueOf(limited.get("message")).contains("GitHub answered 403"), limited.toString());
            assertTrue(String.valueOf(limited.get("message")).contains("rate limited until"), limited.toString());
            assertEquals(0, number(limited, "recovered"));

            github.liftRateLimit();
            Map<String, Object> finished = reconcile(receiver, "gh");
            assertEquals(150 + 1, number(finished, "missing"), "the gap, and the refused one again: " + finished);
            assertEquals(150, number(finished, "recovered"), finished.toString());
            assertEquals(1, number(finished, "failed"), finished.toString());
            Eventually.await("the gap to be stored", Duration.ofSeconds(30),
                    () -> receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"), stored -> stored == 151);
            long askedTwice = github.redeliveryRequests().stream().filter(guid -> !guid.equals(refused))
                    .collect(java.util.stream.Collectors.groupingBy(guid -> guid, java.util.stream.Collectors.counting()))
                    .values().stream().filter(n -> n > 1).count();
            assertEquals(0, askedTwice, "no delivery GitHub accepted to redeliver is asked for twice");
            assertTrue(gap.stream().allMatch(guid -> github.attempts(guid).size() == 2), "each sent once more");
        }
    }

    @Test
    void connectionsDroppedWhileListingAreTriedAgainAndTheRunRecoversEveryMissingEvent() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET);
                RunningReceiver receiver = RunningReceiver.start(dataDir, githubSource(github, FakeGitHub.TOKEN))) {
            github.deliverTo(receiver.uri("/hooks/gh"));
            awaitRuns(receiver, "gh", 1);
            Set<String> missed = new HashSet<>();
            for (int i = 0; i < 150; i++) {
                missed.add(github.missed("push", PUSH));
            }

            github.dropConnections("GET", 2);
            Map<String, Object> run = reconcile(receiver, "gh");
            assertEquals("ok", run.get("outcome"), "two dropped connections do not stop the run: " + run);
            assertEquals(List.of(150, 150, 150, 0), List.of(number(run, "checked"), number(run, "missing"),
                    number(run, "recovered"), number(run, "failed")), run.toString());
            Eventually.await("every missed delivery to be stored in this run", Duration.ofSeconds(30),
                    () -> receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"), stored -> stored == 150);
            assertEquals(missed, new HashSet<>(github.redeliveryRequests()));
        }
    }

    @Test
    void aRedeliveryRequestWhoseConnectionDroppedIsNotSentTwice() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET);
                RunningReceiver receiver = RunningReceiver.start(dataDir, githubSource(github, FakeGitHub.TOKEN))) {
            github.deliverTo(receiver.uri("/hooks/gh"));
            awaitRuns(receiver, "gh", 1);
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                missed.add(github.missed("push", PUSH));
            }

            github.dropConnections("POST", 1);
            Map<String, Object> run = reconcile(receiver, "gh");
            assertEquals(List.of(5, 4, 1), List.of(number(run, "missing"), number(run, "recovered"),
                    number(run, "failed")), "the run goes on after the unanswered request: " + run);
            String first = missed.get(0);
            assertTrue(String.valueOf(run.get("message")).contains("GitHub did not answer"), run.toString());
            assertTrue(String.valueOf(run.get("message")).contains(first), run.toString());
            assertTrue(String.valueOf(run.get("message")).contains("not asked for again"), run.toString());
            Eventually.await("all five to be stored, the unanswered one too", Duration.ofSeconds(30),
                    () -> receiver.count("SELECT count(*) FROM events WHERE source = 'gh'"), stored -> stored == 5);
            assertEquals(missed, github.redeliveryRequests(), "each asked for once, the unanswered one too");
            assertEquals(2, github.attempts(first).size(), "GitHub sent it once more, not twice");

            Map<String, Object> next = reconcile(receiver, "gh");
            assertEquals(List.of(0, 0), List.of(number(next, "missing"), number(next, "failed")), next.toString());
            assertEquals(5, github.redeliveryRequests().size(), "nothing asked for twice");
        }
    }

    @Test
    void badCredentialsAreOneSentryWarningAClearRecordAndWebhooksKeepFlowing() throws Exception {
        String wrongToken = "ghp_revokedToken9876543210";
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET); SentryIngest sentry = new SentryIngest()) {
            Map<String, Object> config = githubSource(github, wrongToken);
            config.put("hookline.sentry.dsn", sentry.dsn());
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                github.deliverTo(receiver.uri("/hooks/gh"));
                awaitRuns(receiver, "gh", 1);
                Map<String, Object> run = reconcile(receiver, "gh");
                assertEquals("failed", run.get("outcome"));
                assertTrue(String.valueOf(run.get("message")).contains("GitHub answered 401"), run.toString());
                assertTrue(String.valueOf(run.get("message")).contains("the token is not valid"), run.toString());

                String guid = github.send("push", PUSH);
                assertEquals(200, github.attempts(guid).get(0).statusCode(), "webhooks flow while reconciliation fails");

                Eventually.await("the Sentry warning", Duration.ofSeconds(10), sentry::events, events -> !events.isEmpty());
                Thread.sleep(500);
                assertEquals(1, sentry.events().size(), "two failed runs of one cause are one warning: " + sentry.events());
                assertTrue(sentry.events().get(0).contains("reconcile_failed"), sentry.events().get(0));
                assertTrue(sentry.events().get(0).contains("credentials_rejected"), sentry.events().get(0));
                for (String envelope : sentry.envelopes()) {
                    assertFalse(envelope.contains(wrongToken), "the token reached Sentry");
                }
                assertFalse(receiver.get("/admin/sources/gh/reconciliations").body().contains(wrongToken));
                assertFalse(receiver.send("GET", "/admin/sources/gh/reconciliations", null, AUTH).body().contains(wrongToken));
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(wrongToken),
                            "the token is in " + dataDir.relativize(file));
                }
            }
        }
    }

    @Test
    void theStartUpRunRecoversWhatWasSentWhileTheReceiverWasDown() throws Exception {
        int port = freePort();
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET)) {
            Map<String, Object> config = githubSource(github, FakeGitHub.TOKEN);
            config.put("micronaut.server.port", port);
            github.deliverTo(URI.create("http://127.0.0.1:" + port + "/hooks/gh"));
            try (RunningReceiver first = RunningReceiver.start(dataDir, config)) {
                awaitRuns(first, "gh", 1);
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, github.attempts(github.send("push", PUSH)).get(0).statusCode());
                }
            }
            List<String> whileDown = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String guid = github.send("push", PUSH);
                assertEquals(0, github.attempts(guid).get(0).statusCode(), "nothing listened");
                whileDown.add(guid);
            }
            try (RunningReceiver second = RunningReceiver.start(dataDir, config)) {
                Eventually.await("the deliveries sent while down to be stored", Duration.ofSeconds(30),
                        () -> second.count("SELECT count(*) FROM events WHERE source = 'gh'"), stored -> stored == 7);
                awaitRuns(second, "gh", 2);
                Map<String, Object> start = runs(second, "gh").get(0);
                assertEquals("start", start.get("trigger"));
                assertEquals(List.of(7, 4, 4, 0), List.of(number(start, "checked"), number(start, "missing"),
                        number(start, "recovered"), number(start, "failed")), start.toString());
                for (String guid : whileDown) {
                    assertEquals(1, second.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", guid));
                }
            }
        }
    }

    @Test
    void stripeEventsMissingFromTheSourceAreStoredOnceMarkedReconciledAndRouted() throws Exception {
        try (FakeStripe stripe = new FakeStripe()) {
            Map<String, Object> config = new HashMap<>();
            config.put("hookline.admin-token", ADMIN);
            config.put("hookline.dispatch.poll-interval", "50ms");
            config.put("hookline.sources.st.provider", "stripe");
            config.put("hookline.sources.st.secrets", Signers.STRIPE_SECRET);
            config.put("hookline.sources.st.reconcile.api-key", FakeStripe.KEY);
            config.put("hookline.sources.st.reconcile.api-url", stripe.apiUrl());
            config.put("hookline.sources.st.reconcile.interval", "1h");
            config.put("hookline.routes[0].name", "audit");
            config.put("hookline.routes[0].match", "st:customer.*");
            config.put("hookline.routes[0].handler", "log");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                awaitRuns(receiver, "st", 1);
                List<FakeStripe.Event> events = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    events.add(stripe.add(String.format("evt_reconcile%05d", i)));
                }
                for (int i = 0; i < 150; i += 3) {
                    Map<String, String> headers = new HashMap<>(Signers.stripe(events.get(i).json(),
                            System.currentTimeMillis() / 1000));
                    headers.put("Hookline-Provenance", "reconciled");
                    assertEquals(200, receiver.post("/hooks/st", events.get(i).json(), headers).statusCode());
                }

                Map<String, Object> run = reconcile(receiver, "st");
                assertEquals(List.of(150, 100, 100, 0), List.of(number(run, "checked"), number(run, "missing"),
                        number(run, "recovered"), number(run, "failed")), run.toString());
                assertEquals(150, receiver.count("SELECT count(*) FROM events WHERE source = 'st'"));
                assertTrue(stripe.queries().stream().allMatch(query -> query.contains("created[gte]=")
                        && query.contains("limit=100")), stripe.queries().toString());
                assertTrue(stripe.queries().get(stripe.queries().size() - 1).contains("starting_after=evt_reconcile"),
                        "the second page starts after the first's last event: " + stripe.queries());

                FakeStripe.Event fetched = events.get(1);
                String id = eventIdOfKey(receiver, "st", fetched.id());
                Map<String, Object> detail = Eventually.await("the reconciled event to be handled", Duration.ofSeconds(10),
                        () -> receiver.json(receiver.send("GET", "/admin/events/" + id, null, AUTH)),
                        d -> "processed".equals(d.get("status")));
                assertEquals("reconciled", detail.get("provenance"));
                assertEquals("customer.created", detail.get("type"));
                assertEquals("reconciled", ((Map<?, ?>) detail.get("headers")).get("hookline-provenance"));
                StoredEvent stored = receiver.context().getBean(EventStore.class).find(id).orElseThrow();
                assertEquals(new String(fetched.json(), StandardCharsets.UTF_8),
                        new String(stored.body(), StandardCharsets.UTF_8), "the event's bytes as Stripe's answer held them");
                assertEquals(fetched.created(), stored.occurredAt().getEpochSecond());
                String runId = (String) detail.get("request_id");
                assertTrue(runId.matches("rec_[0-9a-f]{24}"), "a fetched event's request is the run that fetched it: " + runId);
                assertEquals(runId, stored.requestId(), "and its handlers are told so");
                assertEquals(runId, receiver.json(receiver.send("GET", "/admin/events/"
                        + eventIdOfKey(receiver, "st", events.get(2).id()), null, AUTH)).get("request_id"),
                        "one id for everything one run stored");

                String webhookId = eventIdOfKey(receiver, "st", events.get(0).id());
                Map<String, Object> webhook = receiver.json(receiver.send("GET", "/admin/events/" + webhookId, null, AUTH));
                assertEquals("webhook", webhook.get("provenance"), "a sender cannot claim a provenance");
                assertTrue(String.valueOf(webhook.get("request_id")).startsWith("req_"), webhook.toString());

                HttpResponse<String> late = receiver.post("/hooks/st", fetched.json(),
                        Signers.stripe(fetched.json(), System.currentTimeMillis() / 1000));
                assertEquals("duplicate", receiver.json(late).get("status"), "the webhook that comes after is a duplicate");

                Map<String, Object> again = reconcile(receiver, "st");
                assertEquals(0, number(again, "missing"), again.toString());

                for (int i = 150; i < 300; i++) {
                    events.add(stripe.add(String.format("evt_reconcile%05d", i)));
                }
                stripe.dropConnections(2);
                Map<String, Object> dropped = reconcile(receiver, "st");
                assertEquals(List.of(150, 150, 0), List.of(number(dropped, "missing"), number(dropped, "recovered"),
                        number(dropped, "failed")), "two dropped connections do not stop the run: " + dropped);
                assertEquals(300, receiver.count("SELECT count(*) FROM events WHERE source = 'st'"));

                stripe.rateLimit(true);
                Map<String, Object> limited = reconcile(receiver, "st");
                assertEquals("failed", limited.get("outcome"));
                assertTrue(String.valueOf(limited.get("message")).contains("Stripe answered 429"), limited.toString());
                assertFalse(receiver.send("GET", "/admin/sources/st/reconciliations", null, AUTH).body()
                        .contains(FakeStripe.KEY));
            }
        }
    }

    @Test
    void theAdminApiSaysWhichSourcesReconcileAndRefusesTheOthers() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET)) {
            Map<String, Object> config = githubSource(github, FakeGitHub.TOKEN);
            config.put("hookline.sources.plain.provider", "github");
            config.put("hookline.sources.plain.secrets", "plain-secret");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                github.deliverTo(receiver.uri("/hooks/gh"));
                awaitRuns(receiver, "gh", 1);
                Map<String, Object> sources = receiver.json(receiver.send("GET", "/admin/sources", null, AUTH));
                List<?> listed = (List<?>) sources.get("sources");
                Map<?, ?> gh = (Map<?, ?>) listed.get(0);
                Map<?, ?> plain = (Map<?, ?>) listed.get(1);
                assertEquals(List.of("gh", true, "plain", false), List.of(gh.get("name"), gh.get("reconcile"),
                        plain.get("name"), plain.get("reconcile")));
                assertEquals("ok", ((Map<?, ?>) gh.get("last_reconciliation")).get("outcome"));

                HttpResponse<String> off = receiver.send("POST", "/admin/sources/plain/reconcile", null, AUTH);
                assertEquals(409, off.statusCode());
                assertEquals("reconcile_off", ((Map<?, ?>) receiver.json(off).get("error")).get("code"));
                assertEquals(404, receiver.send("POST", "/admin/sources/nope/reconcile", null, AUTH).statusCode());
                assertEquals(401, receiver.send("POST", "/admin/sources/gh/reconcile", null, Map.of()).statusCode());
            }
        }
    }

    @Test
    void aWrongHookAndAnUnreachableApiEachSayWhatIsWrong() throws Exception {
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET)) {
            Map<String, Object> config = githubSource(github, FakeGitHub.TOKEN);
            config.put("hookline.sources.gh.reconcile.hook", "repos/acme/widgets/hooks/999");
            config.put("hookline.sources.down.provider", "stripe");
            config.put("hookline.sources.down.secrets", Signers.STRIPE_SECRET);
            config.put("hookline.sources.down.reconcile.api-key", FakeStripe.KEY);
            config.put("hookline.sources.down.reconcile.api-url", "http://127.0.0.1:" + freePort());
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                awaitRuns(receiver, "gh", 1);
                Map<String, Object> wrongHook = reconcile(receiver, "gh");
                assertEquals("failed", wrongHook.get("outcome"));
                assertTrue(String.valueOf(wrongHook.get("message")).contains(
                        "GitHub answered 404 to GET http://127.0.0.1:"), wrongHook.toString());
                assertTrue(String.valueOf(wrongHook.get("message")).contains(
                        "there is no hook repos/acme/widgets/hooks/999, or the token cannot see it"), wrongHook.toString());
                Map<String, Object> unreachable = reconcile(receiver, "down");
                assertEquals("failed", unreachable.get("outcome"));
                assertTrue(String.valueOf(unreachable.get("message")).startsWith("Stripe could not be reached for GET http://127.0.0.1:"),
                        unreachable.toString());
            }
        }
    }

    private Map<String, Object> githubSource(FakeGitHub github, String token) {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.sources.gh.reconcile.token", token);
        config.put("hookline.sources.gh.reconcile.hook", FakeGitHub.HOOK);
        config.put("hookline.sources.gh.reconcile.api-url", github.apiUrl());
        config.put("hookline.sources.gh.reconcile.interval", "1h");
        config.put("hookline.sources.gh.reconcile.margin", "1m");
        return config;
    }

    private static Map<String, Object> reconcile(RunningReceiver receiver, String source) {
        HttpResponse<String> answer = receiver.send("POST", "/admin/sources/" + source + "/reconcile", null, AUTH);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(RunningReceiver receiver, String source) {
        HttpResponse<String> answer = receiver.send("GET", "/admin/sources/" + source + "/reconciliations", null, AUTH);
        assertEquals(200, answer.statusCode(), answer.body());
        return (List<Map<String, Object>>) receiver.json(answer).get("reconciliations");
    }

    private static void awaitRuns(RunningReceiver receiver, String source, int count) {
        Eventually.await("the start-up reconciliation of " + source, Duration.ofSeconds(15),
                () -> runs(receiver, source).size(), n -> n >= count);
    }

    private static String eventIdOfKey(RunningReceiver receiver, String source, String key) {
        List<?> events = (List<?>) receiver.json(receiver.send("GET", "/admin/events?source=" + source + "&limit=500", null,
                AUTH)).get("events");
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
}
