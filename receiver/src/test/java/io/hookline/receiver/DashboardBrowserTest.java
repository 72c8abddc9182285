package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs): on-call enters the token, sees a dead event, opens it, replays it once the target is
 * fixed, and sees it processed.
 */
class DashboardBrowserTest {

    private static final String TOKEN = "dashboard-admin-token";

    @TempDir
    Path dataDir;

    @Test
    void onCallSeesADeadEventReplaysItAndSeesItProcessed() throws Exception {
        Assumptions.assumeTrue(WebDriver.available() || System.getenv("CI") != null,
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                        "hookline.admin-token", TOKEN,
                        "hookline.dispatch.poll-interval", "50ms",
                        "hookline.routes[0].name", "ci",
                        "hookline.routes[0].handler", "forward",
                        "hookline.routes[0].settings.url", target.url("/ci")));
                WebDriver browser = new WebDriver(dataDir.resolve("chromium-profile"), receiver::json)) {
            target.script("/ci", 410);
            GitHubDelivery delivery = GitHubDelivery.of("pull_request", GitHubDelivery.payload("pull_request.opened.json"),
                    RunningReceiver.SECRET);
            String id = (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");
            Eventually.await("the event to go dead", Duration.ofSeconds(10),
                    () -> receiver.json(receiver.send("GET", "/admin/events/" + id, null,
                            Map.of("Authorization", "Bearer " + TOKEN))).get("status"), "dead"::equals);

            browser.open(receiver.uri("/admin/").toString());
            browser.type("#token", TOKEN);
            browser.click("#save");
            String row = "#failures tr[data-id='" + id + "']";
            Eventually.await("the dead event in the failures table", Duration.ofSeconds(15),
                    () -> browser.findAll(row).size(), count -> count == 1);
            assertTrue(browser.text(row).contains("downstream_rejected"), browser.text(row));

            browser.click(row);
            Eventually.await("the event's detail", Duration.ofSeconds(10), () -> browser.text("#detail-status"), "dead"::equals);
            assertTrue(browser.text("#attempts").contains("HTTP 410"), browser.text("#attempts"));
            browser.screenshot(Files.createDirectories(Path.of("target")).resolve("dashboard-dead.png"));

            browser.click("#detail-replay");
            Eventually.await("the replayed event to be processed", Duration.ofSeconds(15),
                    () -> browser.text("#detail-status"), "processed"::equals);
            assertEquals(0, browser.findAll(row).size(), "a processed event is no longer a failure");
            assertEquals(2, target.received("/ci").size());
            browser.screenshot(Path.of("target").resolve("dashboard-processed.png"));
        }
    }
}
