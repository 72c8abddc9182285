package io.hookline.provider.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.provider.common.ApiClient;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.CatchUpRun;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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

    @Test
    void anApiAnsweringWithoutEndFailsTheRunAtTheLimitInsteadOfFillingTheHeap() throws Exception {
        try (EndlessAnswer api = new EndlessAnswer()) {
            CatchUp catchUp = source.catchUp(settings(Map.of("token", "ghp_x", "hook", "repos/acme/widgets/hooks/1",
                    "api-url", "http://127.0.0.1:" + api.port()))).orElseThrow();
            CatchUpException failure = assertThrows(CatchUpException.class, () -> catchUp.run(new NothingStored()));
            assertEquals(CatchUpException.Cause.UNEXPECTED_ANSWER, failure.failureCause());
            assertEquals("GitHub's answer to GET http://127.0.0.1:" + api.port()
                    + "/repos/acme/widgets/hooks/1/deliveries is larger than 16 MB, the most a catch-up call reads;"
                    + " the rest was not read", failure.getMessage());
            // The answer has no end: that the run ended at all says the client stopped reading. What the
            // server wrote also counts what the sockets' buffers held when the client hung up.
            assertTrue(api.sent() < 4L * ApiClient.MAX_ANSWER_BYTES,
                    api.sent() + " bytes sent before the client gave up");
        }
    }

    /** A run against a source that has stored nothing, looking back an hour. */
    private static final class NothingStored implements CatchUpRun {

        @Override
        public Instant since() {
            return Instant.now().minus(Duration.ofHours(1));
        }

        @Override
        public String runId() {
            return "rec_test";
        }

        @Override
        public Set<String> storedKeys(Collection<String> keys) {
            return Set.of();
        }

        @Override
        public void checked(int count) {}

        @Override
        public Stored store(byte[] body, Map<String, String> headers) {
            return Stored.STORED;
        }

        @Override
        public void redeliveryRequested(String key) {}

        @Override
        public void failed(String key, String why) {}
    }

    /**
     * Answers every request 200 with a body that has no length and no end: the same 64 KB written
     * until the client hangs up, so the test allocates nothing of the size it sends.
     */
    private static final class EndlessAnswer implements AutoCloseable {

        static final int CHUNK = 64 * 1024;
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicLong sent = new AtomicLong();

        EndlessAnswer() throws IOException {
            Thread acceptor = new Thread(this::serve, "endless-answer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        long sent() {
            return sent.get();
        }

        private void serve() {
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) ' ');
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    int last4 = 0;
                    int read;
                    while ((read = in.read()) >= 0 && (last4 = (last4 << 8) | read) != 0x0d0a0d0a) {
                        // the request's head, up to the blank line
                    }
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")
                            .getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        out.write(chunk);
                        sent.addAndGet(CHUNK);
                    }
                } catch (IOException closed) {
                    // the client gave up, or the test is over
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static CatchUpSettings settings(Map<String, String> block) {
        return new CatchUpSettings("gh", "github", block);
    }

    private String refused(Map<String, String> block) {
        return assertThrows(IllegalArgumentException.class, () -> source.catchUp(settings(block))).getMessage();
    }
}
