package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeGitHub;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.KeyedLoad;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium driven by Selenium (Debian's chromium and
 * chromium-driver, which .ci/run installs): on-call enters the token, sees a dead event, opens it, replays its failed
 * delivery once the target is fixed, sees it processed and the replay in its history, and replays one delivery on purpose.
 */
class DashboardBrowserTest {

    private static final String TOKEN = "dashboard-admin-token-0123456789abcd";

    @TempDir
    Path dataDir;

    @Test
    void onCallSeesADeadEventReplaysItAndSeesItProcessed() throws Exception {
        assumeBrowser();
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, forwardingTo(target));
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            target.script("/ci", 410);
            GitHubDelivery delivery = GitHubDelivery.of("pull_request", GitHubDelivery.payload("pull_request.opened.json"),
                    RunningReceiver.SECRET);
            String id = (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");
            Eventually.await("the event to go dead", Duration.ofSeconds(10),
                    () -> receiver.json(receiver.send("GET", "/admin/events/" + id, null,
                            Map.of("Authorization", "Bearer " + TOKEN))).get("status"), "dead"::equals);

            logIn(browser, receiver);
            By row = By.cssSelector("#failures tr[data-id='" + id + "']");
            Eventually.await("the dead event in the failures table", Duration.ofSeconds(15),
                    () -> browser.findElements(row).size(), count -> count == 1);
            String rowText = Eventually.await("the row's text", Duration.ofSeconds(10),
                    () -> stable(() -> browser.findElement(row).getText()), text -> text != null);
            // The plugins panel is filled after the failures table, on the same refresh.
            Eventually.await("the built-in plugin in the plugins panel", Duration.ofSeconds(10), () -> text(browser, "plugins"),
                    panel -> panel.contains("built-in loaded 1"));
            assertTrue(rowText.contains("downstream_rejected"), rowText);

            click(browser, row);
            Eventually.await("the event's detail", Duration.ofSeconds(10), () -> text(browser, "detail-status"),
                    "dead"::equals);
            assertTrue(text(browser, "attempts").contains("HTTP 410"), text(browser, "attempts"));
            assertTrue(text(browser, "attempts").contains("HTTP 410 in "), "what the target answered, with the time it took: "
                    + text(browser, "attempts"));
            click(browser, By.cssSelector("#attempts td.answer summary"));
            Thread.sleep(2500); // past the page's redraw of the detail every two seconds
            assertEquals("true", browser.findElement(By.cssSelector("#attempts td.answer details")).getAttribute("open"),
                    "an answer opened to read stays open when the detail is redrawn");
            assertTrue(text(browser, "attempts").contains("POST http://127.0.0.1:"), text(browser, "attempts"));
            Eventually.await("the body, pretty-printed", Duration.ofSeconds(10), () -> text(browser, "detail-body"),
                    body -> body.contains("\"action\": \"opened\","));
            assertTrue(text(browser, "detail-body-note").startsWith(delivery.body().length + " bytes, application/json"),
                    text(browser, "detail-body-note"));
            assertTrue(text(browser, "detail-headers").contains("x-github-event pull_request"), text(browser, "detail-headers"));
            assertFalse(text(browser, "detail-headers").toLowerCase().contains("x-hub-signature"), "signatures are not stored");
            screenshot(browser, "dashboard-dead.png");

            GitHubDelivery wrongSecret = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "a-rotated-secret");
            assertEquals(401, receiver.post("/hooks/gh", wrongSecret.body(), wrongSecret.headers()).statusCode());
            Eventually.await("the refused request with its diagnosis", Duration.ofSeconds(10), () -> text(browser, "rejections"),
                    panel -> panel.contains("signature_invalid") && panel.contains("no_match: the signature matches no"
                            + " configured secret") && panel.contains("add the sender's current secret"));
                        browser.findElement(By.id("search-text")).sendKeys(delivery.deliveryId());
            browser.findElement(By.id("search-go")).click();
            By found = By.cssSelector("#search-results tr[data-id='" + id + "']");
            Eventually.await("the event found by its delivery id", Duration.ofSeconds(10),
                    () -> browser.findElements(found).size(), count -> count == 1);
            browser.findElement(By.id("search-text")).clear();
            browser.findElement(By.id("search-text")).sendKeys("no-such-delivery");
            browser.findElement(By.id("search-go")).click();
            Eventually.await("a key nobody sent", Duration.ofSeconds(10), () -> text(browser, "search-result"),
                    "no source has an event with that key"::equals);

            browser.findElement(By.id("detail-replay")).click();
            Eventually.await("the replayed event to be processed", Duration.ofSeconds(15),
                    () -> text(browser, "detail-status"), "processed"::equals);
            assertEquals(0, browser.findElements(row).size(), "a processed event is no longer a failure");
            assertEquals(2, target.received("/ci").size());
            Eventually.await("the counts the dashboard shows to follow", Duration.ofSeconds(10),
                    () -> receiver.json(receiver.send("GET", "/admin/stats", null,
                            Map.of("Authorization", "Bearer " + TOKEN))).get("sources"),
                    sources -> Map.of("gh", Map.of("pending", 0, "retrying", 0, "processed", 1, "dead", 0))
                            .equals(sources));
            Eventually.await("the replay in the event's history", Duration.ofSeconds(10),
                    () -> text(browser, "detail-replays"), history -> history.contains("dashboard failed ci"));

            click(browser, By.cssSelector("#deliveries tbody button"));
            Eventually.await("the one delivery replayed on purpose", Duration.ofSeconds(15),
                    () -> target.received("/ci").size(), n -> n == 3);
            Eventually.await("that replay in the history too", Duration.ofSeconds(10),
                    () -> text(browser, "detail-replays"), history -> history.contains("dashboard routes ci"));
            Eventually.await("the event processed again", Duration.ofSeconds(15),
                    () -> text(browser, "detail-status"), "processed"::equals);
            screenshot(browser, "dashboard-processed.png");
        }
    }

    @Test
    void aBulkReplayShowsWhatItWouldDoAndRunsAtTheRateGivenOnceConfirmed() throws Exception {
        assumeBrowser();
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, forwardingTo(target));
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            target.script("/ci", 410, 410, 410, 410);
            for (int i = 0; i < 4; i++) {
                GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                assertEquals(200, receiver.post("/hooks/gh", delivery.body(), delivery.headers()).statusCode());
            }
            logIn(browser, receiver);
            Eventually.await("four dead events", Duration.ofSeconds(15),
                    () -> browser.findElements(By.cssSelector("#failures tr.event")).size(), count -> count == 4);

            browser.findElement(By.id("replay-all")).click();
            Eventually.await("the dry run's count", Duration.ofSeconds(10), () -> text(browser, "replay-result"),
                    "4 dead events, 4 deliveries would be replayed (gh 4)"::equals);
            assertEquals(4, target.received("/ci").size(), "nothing is replayed before the confirmation");
            Eventually.await("the confirmation", Duration.ofSeconds(5),
                    () -> browser.findElement(By.id("replay-rate")).isDisplayed(), shown -> shown);
            browser.findElement(By.id("replay-rate")).clear();
            browser.findElement(By.id("replay-rate")).sendKeys("2");
            browser.findElement(By.id("replay-go")).click();
            Eventually.await("the paced replay to finish", Duration.ofSeconds(15), () -> text(browser, "replays"),
                    replays -> replays.contains("done 4 of 4 at 2/s"));
            Eventually.await("the replayed deliveries", Duration.ofSeconds(10), () -> target.received("/ci").size(),
                    n -> n == 8);
            screenshot(browser, "dashboard-replay.png");
        }
    }

    @Test
    void aTeamCreatesASubscriptionSeesItsSecretOnceTestsItAndDisablesIt() throws Exception {
        assumeBrowser();
        Map<String, Object> config = new java.util.HashMap<>(Map.of("hookline.admin-token", TOKEN));
        try (TargetServer target = new TargetServer()) {
            config.put("hookline.secret-key", SubscriptionsTest.SECRET_KEY);
            config.put("hookline.subscriptions.allow-private-targets", true);
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config);
                    ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
                ChromeDriver browser = driver.browser();
                logIn(browser, receiver);
                browser.findElement(By.id("sub-name")).sendKeys("billing");
                browser.findElement(By.id("sub-url")).sendKeys(target.url("/billing"));
                browser.findElement(By.id("sub-events")).sendKeys("gh:push, gh:issues.*");
                browser.findElement(By.id("sub-create")).click();
                Eventually.await("the secret, shown once", Duration.ofSeconds(10), () -> text(browser, "sub-secret"),
                        secret -> secret.startsWith("whsec_"));
                String secret = text(browser, "sub-secret");
                Eventually.await("the subscription listed", Duration.ofSeconds(10), () -> text(browser, "subscriptions"),
                        list -> list.contains("billing") && list.contains("gh:push, gh:issues.*") && list.contains("enabled"));
                assertFalse(text(browser, "subscriptions").contains(secret.substring(6)), "the list never shows it");

                click(browser, By.xpath("//table[@id='subscriptions']//button[text()='Send test']"));
                Eventually.await("the test's answer", Duration.ofSeconds(10), () -> text(browser, "sub-result"),
                        result -> result.startsWith("billing: HTTP 200 in "));
                assertTrue(new String(target.received("/billing").get(0).body(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("hookline.test"));

                click(browser, By.xpath("//table[@id='subscriptions']//button[text()='Disable']"));
                Eventually.await("the subscription disabled", Duration.ofSeconds(10), () -> text(browser, "subscriptions"),
                        list -> list.contains("disabled"));
                screenshot(browser, "dashboard-subscriptions.png");
            }
        }
    }

    @Test
    void anEd25519SubscriptionShowsItsPublicKeyAndItsWhereIsEditedInPlace() throws Exception {
        assumeBrowser();
        Map<String, Object> config = new HashMap<>(Map.of("hookline.admin-token", TOKEN,
                "hookline.secret-key", SubscriptionsTest.SECRET_KEY, "hookline.subscriptions.allow-private-targets", true));
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, config);
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            logIn(browser, receiver);
            browser.findElement(By.id("sub-name")).sendKeys("ledger");
            browser.findElement(By.id("sub-url")).sendKeys(target.url("/ledger"));
            browser.findElement(By.id("sub-events")).sendKeys("gh:push");
            browser.findElement(By.id("sub-where")).sendKeys("body.ref == 'refs/heads/main'");
            browser.findElement(By.cssSelector("#sub-signing option[value='ed25519']")).click();
            browser.findElement(By.id("sub-create")).click();
            Eventually.await("the public key", Duration.ofSeconds(10), () -> text(browser, "sub-public-key"),
                    key -> key.startsWith("whpk_"));
            String publicKey = text(browser, "sub-public-key");
            assertFalse(browser.findElement(By.id("sub-secret-line")).isDisplayed(), "an ed25519 subscription has no secret");
            Eventually.await("the subscription listed with its key and where", Duration.ofSeconds(10),
                    () -> text(browser, "subscriptions"), list -> list.contains("ed25519 " + publicKey)
                            && list.contains("body.ref == 'refs/heads/main'"));

            click(browser, By.xpath("//table[@id='subscriptions']//button[text()='Edit where']"));
            Eventually.await("the where in the edit line", Duration.ofSeconds(10),
                    () -> browser.findElement(By.id("sub-where-text")).getDomProperty("value"),
                    where -> where.equals("body.ref == 'refs/heads/main'"));
            browser.findElement(By.id("sub-where-text")).clear();
            browser.findElement(By.id("sub-where-text")).sendKeys("body.ref ==");
            browser.findElement(By.id("sub-where-save")).click();
            Eventually.await("a where that does not compile refused, naming the field", Duration.ofSeconds(10),
                    () -> text(browser, "sub-result"), result -> result.startsWith("where: "));
            browser.findElement(By.id("sub-where-text")).clear();
            browser.findElement(By.id("sub-where-text")).sendKeys("body.ref == 'refs/heads/release'");
            browser.findElement(By.id("sub-where-save")).click();
            Eventually.await("the new where listed", Duration.ofSeconds(10), () -> text(browser, "subscriptions"),
                    list -> list.contains("body.ref == 'refs/heads/release'"));
            assertEquals("ledger: where saved", text(browser, "sub-result"));
            assertTrue(receiver.send("GET", "/admin/subscriptions", null, Map.of("Authorization", "Bearer " + TOKEN)).body()
                    .contains("\"where\":\"body.ref == 'refs/heads/release'\""), "stored");
            screenshot(browser, "dashboard-subscription-ed25519.png");
        }
    }

    @Test
    void onCallSeesEachSourcesCatchUpAndRunsOneThatRecoversAMissedDelivery() throws Exception {
        assumeBrowser();
        try (FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET);
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                        "hookline.admin-token", TOKEN,
                        "hookline.sources.gh.reconcile.token", FakeGitHub.TOKEN,
                        "hookline.sources.gh.reconcile.hook", FakeGitHub.HOOK,
                        "hookline.sources.gh.reconcile.api-url", github.apiUrl(),
                        "hookline.sources.plain.provider", "github",
                        "hookline.sources.plain.secrets", "plain-secret"));
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            github.deliverTo(receiver.uri("/hooks/gh"));
            logIn(browser, receiver);
            Eventually.await("the start-up run in the catch-up panel", Duration.ofSeconds(15),
                    () -> text(browser, "reconcile"), panel -> panel.contains("start") && panel.contains("ok"));
            Eventually.await("the source without a reconcile block", Duration.ofSeconds(5), () -> text(browser, "reconcile"),
                    panel -> panel.contains("plain github off: no reconcile block"));

            String missed = github.missed("push", GitHubDelivery.payload("push.json"));
            click(browser, By.cssSelector("#reconcile button"));
            Eventually.await("the run's result", Duration.ofSeconds(15), () -> text(browser, "reconcile-result"),
                    result -> result.startsWith("gh: ok, 1 checked, 1 missing, 1 recovered, 0 failed"));
            Eventually.await("the redelivered event to be stored", Duration.ofSeconds(10),
                    () -> receiver.count("SELECT count(*) FROM idempotency_keys WHERE key = ?", missed), n -> n == 1);
            Eventually.await("the manual run in the panel, after the page's refresh", Duration.ofSeconds(10),
                    () -> text(browser, "reconcile"), panel -> panel.contains("manual"));
            screenshot(browser, "dashboard-catch-up.png");
        }
    }

    @Test
    void onCallBrowsesEveryEventAndSeesARouteWhoseBreakerIsOpen() throws Exception {
        assumeBrowser();
        Map<String, Object> config = RoutesHealthTest.aBrokenAndAHealthyRoute(TOKEN);
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config);
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            String dead = send(receiver, "push", "push.json");
            Eventually.await("the first push to go dead on route down", Duration.ofSeconds(15),
                    () -> receiver.json(receiver.send("GET", "/admin/events/" + dead, null,
                            Map.of("Authorization", "Bearer " + TOKEN))).get("status"), "dead"::equals);
            String waiting = send(receiver, "push", "push.json");
            for (int i = 0; i < 22; i++) {
                send(receiver, "issues", "issues.opened.json");
            }

            logIn(browser, receiver);
            Eventually.await("route down with its breaker open, one dead delivery and its last failure",
                    Duration.ofSeconds(15), () -> text(browser, "routes"), panel -> panel.contains(
                            "down route gh:push forward open until ") && panel.contains("(in 9 min) 1 0 1")
                            && panel.contains("downstream_unavailable: no connection to 127.0.0.1:")
                            // once audit has logged every event
                            && panel.contains("audit route gh:* log closed 0 0 0"));

            By rows = By.cssSelector("#browser tr.event");
            Eventually.await("the newest page of every event", Duration.ofSeconds(15),
                    () -> browser.findElements(rows).size(), n -> n == 20);
            String title = Eventually.await("a time with its exact UTC time on hover", Duration.ofSeconds(10),
                    () -> stable(() -> browser.findElement(By.cssSelector("#browser tr.event .time")).getDomAttribute("title")),
                    t -> t != null);
            assertTrue(title.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC"), title);
            assertTrue(text(browser, "browser").contains("issues.opened processed"), text(browser, "browser"));
            assertTrue(text(browser, "browser").matches("(?s).*(s ago|just now).*"), "relative times: " + text(browser, "browser"));
            click(browser, By.id("browse-next"));
            Eventually.await("the older page: two issues and both pushes", Duration.ofSeconds(10),
                    () -> browser.findElements(rows).size(), n -> n == 4);
            Eventually.await("the oldest event last", Duration.ofSeconds(10), () -> rowIds(browser),
                    ids -> ids != null && ids.size() == 4 && List.of(waiting, dead).equals(ids.subList(2, 4)));

            browser.findElement(By.id("browse-type")).sendKeys("pu*");
            browser.findElement(By.xpath("//select[@id='browse-status']/option[text()='dead']")).click();
            browser.findElement(By.id("browse-go")).click();
            Eventually.await("only the dead push", Duration.ofSeconds(10),
                    () -> rowIds(browser), List.of(dead)::equals);
            browser.findElement(By.xpath("//select[@id='browse-status']/option[text()='any status']")).click();
            browser.findElement(By.id("browse-go")).click();
            Eventually.await("both pushes, newest first", Duration.ofSeconds(10),
                    () -> rowIds(browser), List.of(waiting, dead)::equals);
            browser.executeScript("window.scrollTo(0, 0)");
            screenshot(browser, "dashboard-routes-and-events.png");
            // From an hour ahead, as a local time in the field, as on-call would pick it.
            browser.executeScript("document.getElementById('browse-from').value = new Date(Date.now() + 3600e3"
                    + " - new Date().getTimezoneOffset() * 60e3).toISOString().slice(0, 19)");
            browser.findElement(By.id("browse-go")).click();
            Eventually.await("no events received after the time range's start", Duration.ofSeconds(10),
                    () -> text(browser, "browse-note"), "no events match"::equals);
            browser.executeScript("document.getElementById('browse-from').value = ''");
            browser.findElement(By.id("browse-go")).click();
            Eventually.await("both pushes again without the time range", Duration.ofSeconds(10), () -> rowIds(browser),
                    List.of(waiting, dead)::equals);
            browser.findElement(By.id("browse-source")).sendKeys("nope");
            browser.findElement(By.id("browse-go")).click();
            Eventually.await("no events of a source that sent none", Duration.ofSeconds(10), () -> text(browser, "browse-note"),
                    "no events match"::equals);

            click(browser, By.id("browse-first"));
            browser.findElement(By.id("browse-source")).clear();
            browser.findElement(By.id("browse-go")).click();
            click(browser, By.cssSelector("#browser tr[data-id='" + waiting + "']"));
            Eventually.await("the waiting push's detail", Duration.ofSeconds(10), () -> text(browser, "detail-id"),
                    waiting::equals);
            Eventually.await("its delivery waiting on the open breaker", Duration.ofSeconds(10), () -> text(browser, "deliveries"),
                    deliveries -> deliveries.contains("down forward pending 0 waits on the open breaker of down until ")
                            && deliveries.contains("(in 9 min)"));
        }
    }

    @Test
    void onCallSeesWhyARouteWithAWhereDidNotTakeAnEvent() throws Exception {
        assumeBrowser();
        Map<String, Object> config = Map.of("hookline.admin-token", TOKEN,
                "hookline.routes[0].name", "audit", "hookline.routes[0].handler", "log",
                "hookline.routes[1].name", "big-invoices", "hookline.routes[1].match", "gh:*",
                "hookline.routes[1].where", "body.data.object.amount_due > 100000", "hookline.routes[1].handler", "log");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config);
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            String push = send(receiver, "push", "push.json");
            logIn(browser, receiver);
            Eventually.await("the route with its where in the routes panel", Duration.ofSeconds(15),
                    () -> text(browser, "routes"),
                    panel -> panel.contains("big-invoices route gh:* where body.data.object.amount_due > 100000 log"));
            click(browser, By.cssSelector("#browser tr[data-id='" + push + "']"));
            Eventually.await("the push's detail", Duration.ofSeconds(10), () -> text(browser, "detail-id"), push::equals);
            String notes = Eventually.await("why big-invoices did not take it", Duration.ofSeconds(10),
                    () -> text(browser, "detail-notes"), shown -> !shown.isEmpty());
            assertTrue(notes.startsWith("route big-invoices: where failed: ") && notes.contains("'data'"), notes);
            String deliveries = text(browser, "deliveries");
            assertTrue(deliveries.contains("audit log") && !deliveries.contains("big-invoices"), deliveries);
            screenshot(browser, "dashboard-where-failed.png");
        }
    }

    @Test
    void onCallSeesWhichDeliveryAWaitingOneWaitsBehindAndOpensIt() throws Exception {
        assumeBrowser();
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", TOKEN,
                        "hookline.dispatch.poll-interval", "50ms", "hookline.routes[0].name", "ordered",
                        "hookline.routes[0].handler", "forward", "hookline.routes[0].settings.url", target.url("/ordered"),
                        "hookline.routes[0].order-by", KeyedLoad.ORDER_BY, "hookline.routes[0].retry-delays", List.of()));
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            target.script("/ordered", 400);
            GitHubDelivery first = KeyedLoad.push(1, 0);
            String held = (String) receiver.json(receiver.post("/hooks/gh", first.body(), first.headers())).get("id");
            Eventually.await("the first event dead", Duration.ofSeconds(10),
                    () -> receiver.json(receiver.send("GET", "/admin/events/" + held, null,
                            Map.of("Authorization", "Bearer " + TOKEN))).get("status"), "dead"::equals);
            GitHubDelivery second = KeyedLoad.push(1, 1);
            String waiting = (String) receiver.json(receiver.post("/hooks/gh", second.body(), second.headers())).get("id");

            logIn(browser, receiver);
            click(browser, By.cssSelector("#browser tr[data-id='" + waiting + "']"));
            Eventually.await("the waiting push's detail", Duration.ofSeconds(10), () -> text(browser, "detail-id"),
                    waiting::equals);
            Eventually.await("its key and the event holding it", Duration.ofSeconds(10), () -> text(browser, "deliveries"),
                    deliveries -> deliveries.contains("when the key is free org/repo-1 waits behind " + held));
            click(browser, By.cssSelector("#deliveries button.held-by"));
            Eventually.await("the holding event's detail, opened from there", Duration.ofSeconds(10),
                    () -> text(browser, "detail-id"), held::equals);
            String holder = text(browser, "deliveries");
            assertTrue(holder.contains("ordered forward dead 1") && holder.contains("org/repo-1")
                    && !holder.contains("waits behind"), holder);
        }
    }

    @Test
    void theRoutesPanelColoursAKeyByWhetherItsHolderIsDeadOrWillRetry() throws Exception {
        assumeBrowser();
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.ofEntries(
                        Map.entry("hookline.admin-token", TOKEN), Map.entry("hookline.dispatch.poll-interval", "50ms"),
                        Map.entry("hookline.routes[0].name", "ordered-dead"), Map.entry("hookline.routes[0].handler", "forward"),
                        Map.entry("hookline.routes[0].settings.url", target.url("/ordered")),
                        Map.entry("hookline.routes[0].order-by", KeyedLoad.ORDER_BY),
                        Map.entry("hookline.routes[0].retry-delays", List.of()),
                        Map.entry("hookline.routes[1].name", "ordered-retrying"), Map.entry("hookline.routes[1].handler", "forward"),
                        Map.entry("hookline.routes[1].settings.url", target.url("/ordered")),
                        Map.entry("hookline.routes[1].order-by", KeyedLoad.ORDER_BY),
                        Map.entry("hookline.routes[1].retry-delays", List.of("1h"))));
                ClosingDriver driver = new ClosingDriver(Browser.start(dataDir.resolve("chromium-profile")))) {
            ChromeDriver browser = driver.browser();
            target.script("/ordered", 503, 503);
            GitHubDelivery first = KeyedLoad.push(1, 0);
            String held = (String) receiver.json(receiver.post("/hooks/gh", first.body(), first.headers())).get("id");

            logIn(browser, receiver);
            // One delivery of the push is dead, the other waits an hour for its retry.
            Eventually.await("both routes' keys held by the push", Duration.ofSeconds(15),
                    () -> text(browser, "routes"), panel -> panel.contains("org/repo-1 held by " + held + " (dead, 0 waiting)")
                            && panel.contains("org/repo-1 held by " + held + " (retrying, 0 waiting)"));
            assertTrue(text(browser, "routes").contains("ordered-dead route * order-by " + KeyedLoad.ORDER_BY + " forward"),
                    "the route's order-by beside its match: " + text(browser, "routes"));
            assertEquals("dead", blockedKeysClass(browser, "ordered-dead"));
            assertEquals("retrying", blockedKeysClass(browser, "ordered-retrying"));
        }
    }

    /** The class of the routes panel's last cell, the blocked keys, in the named route's row. */
    private static String blockedKeysClass(ChromeDriver browser, String route) {
        return browser.findElement(By.cssSelector("#routes tr[data-name='" + route + "'] td:last-child")).getDomAttribute("class");
    }

    /** The events the browser's page shows, top to bottom; null while a refresh redraws it. */
    private static List<String> rowIds(ChromeDriver browser) {
        return stable(() -> browser.findElements(By.cssSelector("#browser tr.event")).stream()
                .map(row -> row.getDomAttribute("data-id")).toList());
    }

    private static String send(RunningReceiver receiver, String event, String payload) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(payload), RunningReceiver.SECRET);
        return (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");
    }

    private static void assumeBrowser() {
        Assumptions.assumeTrue(Browser.available() || System.getenv("CI") != null,
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    }

    /** The admin token and one route, {@code ci}, forwarding every event to the target's {@code /ci}. */
    private static Map<String, Object> forwardingTo(TargetServer target) {
        return Map.of("hookline.admin-token", TOKEN, "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].name", "ci", "hookline.routes[0].handler", "forward",
                "hookline.routes[0].settings.url", target.url("/ci"));
    }

    /** Opens the dashboard and enters the token, as on-call does. */
    private static void logIn(ChromeDriver browser, RunningReceiver receiver) {
        browser.get(receiver.uri("/admin/").toString());
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("save")).click();
        Eventually.await("the dashboard", Duration.ofSeconds(10), () -> browser.findElement(By.id("main")).isDisplayed(),
                shown -> shown);
    }

    /**
     * The element's text as the browser renders it ({@code innerText}, cells joined by tabs, rows by
     * new lines, squeezed to single spaces here); Selenium's own getText dropped a visible row now and then.
     */
    private static String text(ChromeDriver browser, String id) {
        String shown = browser.findElement(By.id(id)).getDomProperty("innerText");
        return shown == null ? "" : shown.replaceAll("[ \t]+", " ").replaceAll(" ?\n ?", "\n").trim();
    }

    /**
     * Clicks what {@code target} finds in a panel that the page's refresh renders anew: an element
     * found just before a refresh is gone by the click, so it is found again and clicked again.
     */
    private static void click(ChromeDriver browser, By target) {
        Eventually.await("a click on " + target, Duration.ofSeconds(10), () -> stable(() -> {
            browser.findElement(target).click();
            return true;
        }), clicked -> clicked != null);
    }

    /** What {@code read} answers, or null when the element it used was replaced (or not yet drawn) by a refresh. */
    private static <T> T stable(Supplier<T> read) {
        try {
            return read.get();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return null;
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.write(Files.createDirectories(Path.of("target")).resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Quits the browser and its driver when the test ends, however it ends. */
    private record ClosingDriver(ChromeDriver browser) implements AutoCloseable {
        @Override
        public void close() {
            browser.quit();
        }
    }
}
