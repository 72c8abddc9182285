package io.hookline.provider.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A GitHub source's catch-up as bound from its reconcile block, and GitHub's delivery list as read. */
class GitHubCatchUpTest {

    private final SourceVerifier source = new GitHubProvider().bind(new SourceSettings("gh", "github", List.of("s"),
            Map.of()));

    @Test
    void aTokenAndAHookMakeACatchUpThatLooksBackThreeDays() {
        Optional<CatchUp> catchUp = source.catchUp(settings(Map.of("token", "ghp_x", "hook", "orgs/acme/hooks/12",
                "api-url", "https://github.example.com/api/v3")));
        assertEquals(Duration.ofDays(3), catchUp.orElseThrow().reach());
    }

    @Test
    void eachSettingThatCannotWorkIsRefusedByItsKey() {
        assertEquals("hookline.sources.gh.reconcile.token is required (from the environment, like every secret)",
                refused(Map.of("hook", "repos/acme/widgets/hooks/1")));
        assertTrue(refused(Map.of("token", "ghp_x", "hook", "acme/widgets")).startsWith(
                "hookline.sources.gh.reconcile.hook must be repos/OWNER/REPO/hooks/ID or orgs/ORG/hooks/ID"));
        assertEquals("hookline.sources.gh.reconcile.api-key does not apply to this source's provider: it is Stripe's;"
                + " GitHub takes token", refused(Map.of("api-key", "rk_x", "hook", "repos/acme/widgets/hooks/1")));
        assertEquals("hookline.sources.gh.reconcile.tokn: unknown setting (known: [api-url, hook, token])",
                refused(Map.of("tokn", "ghp_x", "hook", "repos/acme/widgets/hooks/1")));
        assertTrue(refused(Map.of("token", "ghp_x", "hook", "repos/acme/widgets/hooks/1", "api-url", "ftp://x"))
                .startsWith("hookline.sources.gh.reconcile.api-url must be an http or https URL"));
    }

    @Test
    void aPageOfDeliveriesAsGitHubDocumentsItIsRead() throws IOException {
        // The example answer of "List deliveries for a repository webhook", with a second attempt.
        String page = """
                [
                  {"id": 12345678, "guid": "0b989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-03T00:57:16Z",
                   "redelivery": false, "duration": 0.27, "status": "OK", "status_code": 200, "event": "issues",
                   "action": "opened", "installation_id": 123, "repository_id": 456, "throttled_at": null},
                  {"id": 123456789, "guid": "0b989ba4-242f-11e5-81e1-c7b6966d2516", "delivered_at": "2019-06-04T00:57:16Z",
                   "redelivery": true, "duration": 0.28, "status": "Service Unavailable", "status_code": 502,
                   "event": "issues", "action": null, "installation_id": null, "repository_id": null,
                   "request": {"headers": {"x": ["nested", {"skipped": true}]}}}
                ]
                """;
        List<GitHubDeliveries.Delivery> deliveries = GitHubDeliveries.parse(page.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(
                new GitHubDeliveries.Delivery(12345678, "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                        Instant.parse("2019-06-03T00:57:16Z"), false, 200, "issues"),
                new GitHubDeliveries.Delivery(123456789, "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                        Instant.parse("2019-06-04T00:57:16Z"), true, 502, "issues")), deliveries);
        assertTrue(deliveries.get(0).succeeded());
        assertEquals(List.of(), GitHubDeliveries.parse("[]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAnswerThatIsNotAListOfDeliveriesIsRefused() {
        for (String answer : List.of("{\"message\":\"Not Found\"}", "[1, 2]", "[{\"delivered_at\": \"yesterday\"}]",
                "[{\"id\": 1")) {
            assertThrows(IOException.class, () -> GitHubDeliveries.parse(answer.getBytes(StandardCharsets.UTF_8)),
                    answer);
        }
    }

    private static CatchUpSettings settings(Map<String, String> block) {
        return new CatchUpSettings("gh", "github", block);
    }

    private String refused(Map<String, String> block) {
        return assertThrows(IllegalArgumentException.class, () -> source.catchUp(settings(block))).getMessage();
    }
}
