package io.hookline.receiver.rejections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who knows a source's URL can send it requests; only its sender can sign them. A flood of
 * forgeries is charged to the forger's address, never to the source's rate limit, so the real
 * sender's next delivery lands.
 */
class ForgeryFloodTest {

    private static final String ADMIN = "forgery-flood-admin-token-0123456789";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfUnsignedRequestsDoesNotMakeTheRealSendersDeliveryGet429() {
        Map<String, Object> config = Map.of("hookline.admin-token", ADMIN,
                "hookline.sources.gh.rate-limit.per-second", "0.1", "hookline.sources.gh.rate-limit.burst", "2",
                "hookline.refusals-per-address.per-second", "0.1", "hookline.refusals-per-address.burst", "5");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            int refused = 0;
            int limited = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 30; i++) {
                GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "a-guessed-secret");
                last = receiver.post("/hooks/gh", forged.body(), forged.headers());
                if (last.statusCode() == 401) {
                    refused++;
                } else if (last.statusCode() == 429) {
                    limited++;
                }
            }
            assertEquals(5, refused, "the address's budget of refusals, then 429");
            assertEquals(25, limited);
            Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, last, 429, "rate_limited");
            assertTrue(String.valueOf(error.get("detail")).contains("too many refused requests from this address"),
                    error.toString());
            long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);

            GitHubDelivery real = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            HttpResponse<String> landed = receiver.post("/hooks/gh", real.body(), real.headers());
            assertEquals(200, landed.statusCode(), "the real sender is not limited by the forgeries: " + landed.body());

            Map<String, Object> log = receiver.json(receiver.send("GET", "/admin/rejections?source=gh", null, AUTH));
            assertEquals(5, ((List<?>) log.get("rejections")).size(), "only the refusals within the budget are kept");
            assertEquals(25, ((Number) log.get("over_address_limit")).intValue(), "the rest are counted");
            assertTrue(receiver.get("/metrics").body().contains(
                    "hookline_refusals_over_address_limit_total{provider=\"github\",source=\"gh\"} 25.0"),
                    "counted in the metrics");
        }
    }

    @Test
    void verifiedDeliveriesStillSpendTheSourcesOwnRateLimit() {
        Map<String, Object> config = Map.of("hookline.sources.gh.rate-limit.per-second", "0.1",
                "hookline.sources.gh.rate-limit.burst", "2");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            int[] statuses = new int[3];
            for (int i = 0; i < statuses.length; i++) {
                GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                statuses[i] = receiver.post("/hooks/gh", delivery.body(), delivery.headers()).statusCode();
            }
            assertEquals(List.of(200, 200, 429), List.of(statuses[0], statuses[1], statuses[2]));
        }
    }
}
