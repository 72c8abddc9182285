package io.hookline.receiver.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code where:} that builds large values from a large body stops at the size limit, well inside
 * its step limit, having allocated megabytes rather than the gigabytes it asks for; the event is
 * stored and answered as usual, and the failure is counted and shown with it.
 */
class WhereSizeLimitTest {

    /** A real push whose commit carries a generated changelog of some 230 KB: a body of some 465 KB. */
    private static final byte[] PUSH_WITH_A_CHANGELOG = pushWithAChangelog();
    /** The message added to itself 95 times: under 200 steps, some 1 GB of strings without a size limit. */
    private static final String DOUBLING = "size(" + String.join(" + ",
            Collections.nCopies(96, "body.head_commit.message")) + ") > 0";
    /** Each value under the limit, but one per turn: some 300 MB of strings over the turns the steps allow. */
    private static final String PER_TURN = "body.commits[0].added.all(file, size(body.head_commit.message + file) > 0)";
    private static final long ALLOWED_BYTES = 64L * 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void aWhereBuildingPastTheSizeLimitIsNoMatchTheEventIsStoredAndTheFailureShown() throws Exception {
        assertTrue(PUSH_WITH_A_CHANGELOG.length > 450_000, "the body is " + PUSH_WITH_A_CHANGELOG.length + " bytes");
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", RunningReceiver.ADMIN_TOKEN);
        PayloadFilterTest.route(config, 0, "every-push", "gh:push", null);
        PayloadFilterTest.route(config, 1, "doubling", "gh:push", DOUBLING);
        PayloadFilterTest.route(config, 2, "per-turn", "gh:push", PER_TURN);
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            HttpResponse<String> answer = PayloadFilterTest.post(receiver, PUSH_WITH_A_CHANGELOG);
            assertEquals(200, answer.statusCode(), "the sender never sees a where fail: " + answer.body());
            Map<String, Object> event = PayloadFilterTest.event(receiver, PayloadFilterTest.stored(receiver, answer));
            assertEquals(List.of("every-push"), PayloadFilterTest.routes(event));
            assertEquals((long) PUSH_WITH_A_CHANGELOG.length, ((Number) event.get("body_size")).longValue(),
                    "the event is stored whole: " + event.keySet());
            List<?> notes = (List<?>) event.get("notes");
            assertEquals(2, notes.size(), notes.toString());
            for (int i = 0; i < 2; i++) {
                String note = notes.get(i).toString();
                assertTrue(note.startsWith("route " + List.of("doubling", "per-turn").get(i) + ": where failed: ")
                        && note.contains("over the size limit of 1000000 characters, bytes, list items and map entries"
                        + " built by one test"), note);
            }
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.contains("hookline_route_filter_errors_total{route=\"doubling\"} 1.0"), metrics);
            assertTrue(metrics.contains("hookline_route_filter_errors_total{route=\"per-turn\"} 1.0"), metrics);
        }
    }

    @Test
    void aTestThatWouldBuildGigabytesAllocatesMegabytes() {
        Map<String, String> expressions = Map.of("the doubling", DOUBLING, "the per-turn concatenation", PER_TURN);
        for (Map.Entry<String, String> expression : expressions.entrySet()) {
            Where where = WhereLanguage.compile(expression.getValue());
            EventFacts event = new EventFacts("gh", "github", "push", "k1", Map.of(), Instant.now(),
                    PUSH_WITH_A_CHANGELOG);
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            Where.Verdict verdict = where.test(event);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < ALLOWED_BYTES, "testing one event allocated " + allocated / (1024 * 1024)
                    + " MB (at most " + ALLOWED_BYTES / (1024 * 1024) + " MB expected) in " + expression.getKey());
            assertTrue(verdict.failed() && verdict.failure().contains("over the size limit"), String.valueOf(verdict));
        }
    }

    private static byte[] pushWithAChangelog() {
        StringBuilder changelog = new StringBuilder("Release 2.0\\n\\n");
        for (int i = 0; changelog.length() < 230_000; i++) {
            changelog.append("- Bump dependency-").append(i).append(" from 1.0.").append(i).append(" to 1.1.").append(i)
                    .append(" (#").append(1000 + i).append(")\\n");
        }
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            files.append(i == 0 ? "" : ",").append("\"docs/page-").append(i).append(".md\"");
        }
        String push = new String(GitHubDelivery.payload("push.with-new-branch.json"), StandardCharsets.UTF_8)
                .replace("\"message\": \"Initial commit\"", "\"message\": \"" + changelog + "\"");
        return push.replaceFirst("\"added\": \\[\"README.md\"]", "\"added\": [\"README.md\"," + files + "]")
                .getBytes(StandardCharsets.UTF_8);
    }
}
