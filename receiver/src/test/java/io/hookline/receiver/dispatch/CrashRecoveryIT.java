package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.ReceiverProcess;
import io.hookline.receiver.testing.Senders;
import io.hookline.receiver.testing.TargetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, killed with SIGKILL in the middle of a stream of signed deliveries, then started
 * again on the same data directory: every delivery it acknowledged reaches the downstream (a route)
 * and the subscriber (a subscription made through the admin API before the kill) at least once,
 * signed, and ends processed; what it did not acknowledge, the sender retries and it is then stored.
 */
class CrashRecoveryIT {

    private static final int DELIVERIES = 3_000;
    private static final int KILL_AFTER = 1_200;
    private static final String TOKEN = "crash-test-admin-token-0123456789abc";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedDeliverySurvivesAKillDashNineAndIsDelivered() throws Exception {
        try (TargetServer target = new TargetServer()) {
            int port = ReceiverProcess.freePort();
            Path config = dir.resolve("hookline.yml");
            List<String> lines = new ArrayList<>(List.of(
                    "micronaut.server.port: " + port,
                    "hookline:",
                    "  data-dir: " + dir.resolve("data"),
                    "  plugins-dir: " + dir.resolve("plugins"),
                    "  admin-token: " + TOKEN,
                    "  secret-key: " + SubscriptionsTest.SECRET_KEY,
                    "  subscriptions: { allow-private-targets: true }",
                    "  dispatch: { poll-interval: 50ms }"));
            lines.addAll(Senders.sourceForwardingTo(target.url("/downstream")));
            Files.writeString(config, String.join("\n", lines));

            List<GitHubDelivery> deliveries = Senders.pushes("crash", DELIVERIES);
            Map<String, String> acknowledged = new ConcurrentHashMap<>();

            ReceiverProcess first = ReceiverProcess.start(config, port, dir.resolve("first.log"));
            String created = first.adminPost("/admin/subscriptions", TOKEN, "{\"name\":\"subscriber\",\"url\":\""
                    + target.url("/subscriber") + "\",\"events\":[\"gh:*\"]}");
            Matcher secret = Pattern.compile("\"secret\":\"(whsec_[^\"]+)\"").matcher(created);
            assertTrue(secret.find(), created);
            AtomicInteger acks = new AtomicInteger();
            List<GitHubDelivery> unacknowledged = Senders.sendAll(deliveries, delivery -> {
                ReceiverProcess.Answer answer = first.send(delivery);
                if (answer.acknowledged()) {
                    acknowledged.put(delivery.deliveryId(), answer.id());
                    if (acks.incrementAndGet() >= KILL_AFTER && first.isAlive()) {
                        first.kill();
                    }
                }
                return answer.acknowledged();
            });
            first.kill();
            assertTrue(!unacknowledged.isEmpty(), "the kill must land mid-stream");
            int acknowledgedBeforeKill = acknowledged.size();

            try (ReceiverProcess second = ReceiverProcess.start(config, port, dir.resolve("second.log"))) {
                List<GitHubDelivery> stillFailing = Senders.sendAll(unacknowledged, delivery -> {
                    ReceiverProcess.Answer answer = second.send(delivery);
                    if (answer.acknowledged()) {
                        acknowledged.put(delivery.deliveryId(), answer.id());
                    }
                    return answer.acknowledged();
                });
                assertEquals(List.of(), stillFailing.stream().map(GitHubDelivery::deliveryId).toList(),
                        "after the restart every retried delivery is acknowledged");
                assertEquals(DELIVERIES, acknowledged.size());

                Set<String> expectedIds = Set.copyOf(acknowledged.values());
                Eventually.await("every acknowledged event at the downstream", Duration.ofSeconds(60),
                        () -> Senders.missing(expectedIds, target, "/downstream"), Set::isEmpty);
                Eventually.await("every acknowledged event at the subscriber", Duration.ofSeconds(60),
                        () -> Senders.missing(expectedIds, target, "/subscriber"), Set::isEmpty);
                Webhook subscriber = new Webhook(secret.group(1));
                for (TargetServer.Received received : target.received("/subscriber")) {
                    Map<String, List<String>> headers = Map.of("webhook-id", List.of(received.header("webhook-id")),
                            "webhook-timestamp", List.of(received.header("webhook-timestamp")),
                            "webhook-signature", List.of(received.header("webhook-signature")));
                    subscriber.verify(new String(received.body(), StandardCharsets.UTF_8), headers);
                }
                for (Path log : List.of(dir.resolve("first.log"), dir.resolve("second.log"))) {
                    assertFalse(Files.readString(log).contains(secret.group(1).substring("whsec_".length())),
                            "the subscription's secret is in " + log.getFileName());
                }
                second.awaitNothingUnprocessed("no event left unprocessed", Duration.ofSeconds(30), TOKEN);
                assertTrue(acknowledgedBeforeKill >= KILL_AFTER, "acknowledged before the kill: " + acknowledgedBeforeKill);
            }
        }
    }
}
