package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, killed with SIGKILL in the middle of a stream of signed deliveries, then started
 * again on the same data directory: every delivery it acknowledged reaches the downstream at least
 * once and ends processed; what it did not acknowledge, the sender retries and it is then stored.
 */
class CrashRecoveryIT {

    private static final int DELIVERIES = 3_000;
    private static final int KILL_AFTER = 1_200;
    private static final String TOKEN = "crash-test-admin-token";
    private static final Pattern ID = Pattern.compile("\"id\":\"(evt_[0-9A-Z]+)\"");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedDeliverySurvivesAKillDashNineAndIsDelivered() throws Exception {
        try (TargetServer target = new TargetServer()) {
            int port = freePort();
            Path config = dir.resolve("hookline.yml");
            Files.writeString(config, String.join("\n",
                    "micronaut.server.port: " + port,
                    "hookline:",
                    "  data-dir: " + dir.resolve("data"),
                    "  plugins-dir: " + dir.resolve("plugins"),
                    "  admin-token: " + TOKEN,
                    "  dispatch: { poll-interval: 50ms }",
                    "  sources:",
                    "    gh: { provider: github, secrets: [ \"" + RunningReceiver.SECRET + "\" ] }",
                    "  routes:",
                    "    - name: downstream",
                    "      match: \"gh:*\"",
                    "      handler: forward",
                    "      settings: { url: \"" + target.url("/downstream") + "\" }",
                    "      retry-delays: [ 200ms, 200ms, 200ms, 200ms, 200ms ]",
                    ""));

            List<GitHubDelivery> deliveries = new ArrayList<>();
            byte[] body = GitHubDelivery.payload("push.json");
            for (int i = 0; i < DELIVERIES; i++) {
                deliveries.add(GitHubDelivery.of("push", "crash-" + i, body, RunningReceiver.SECRET));
            }
            Map<String, String> acknowledged = new ConcurrentHashMap<>();

            Process first = start(config, "first");
            awaitHealthy(port, first);
            AtomicInteger acks = new AtomicInteger();
            List<GitHubDelivery> unacknowledged = sendAll(port, deliveries, acknowledged, acks, () -> {
                if (acks.get() >= KILL_AFTER && first.isAlive()) {
                    first.destroyForcibly();
                }
            });
            first.waitFor(10, TimeUnit.SECONDS);
            assertTrue(!unacknowledged.isEmpty(), "the kill must land mid-stream");
            int acknowledgedBeforeKill = acknowledged.size();

            Process second = start(config, "second");
            try {
                awaitHealthy(port, second);
                List<GitHubDelivery> stillFailing = sendAll(port, unacknowledged, acknowledged, acks, () -> { });
                assertEquals(List.of(), stillFailing.stream().map(GitHubDelivery::deliveryId).toList(),
                        "after the restart every retried delivery is acknowledged");
                assertEquals(DELIVERIES, acknowledged.size());

                Set<String> expectedIds = Set.copyOf(acknowledged.values());
                Eventually.await("every acknowledged event at the downstream", Duration.ofSeconds(60),
                        () -> missing(expectedIds, target), Set::isEmpty);
                Eventually.await("no event left unprocessed", Duration.ofSeconds(30),
                        () -> unprocessed(port), count -> count == 0);
                assertTrue(acknowledgedBeforeKill >= KILL_AFTER, "acknowledged before the kill: " + acknowledgedBeforeKill);
            } finally {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private List<GitHubDelivery> sendAll(int port, List<GitHubDelivery> deliveries, Map<String, String> acknowledged,
            AtomicInteger acks, Runnable afterEach) throws Exception {
        List<GitHubDelivery> failed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (GitHubDelivery delivery : deliveries) {
                sent.add(senders.submit(() -> {
                    String id = send(port, delivery);
                    if (id == null) {
                        failed.add(delivery);
                    } else {
                        acknowledged.put(delivery.deliveryId(), id);
                        acks.incrementAndGet();
                    }
                    afterEach.run();
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }
        return failed;
    }

    /** The event id the receiver acknowledged, or null when it did not (as a provider would retry). */
    private String send(int port, GitHubDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/gh"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            return response.statusCode() == 200 && id.find() ? id.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Set<String> missing(Set<String> expected, TargetServer target) {
        Set<String> delivered = target.received("/downstream").stream().map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
        return expected.stream().filter(id -> !delivered.contains(id)).collect(Collectors.toSet());
    }

    private int unprocessed(int port) {
        int count = 0;
        for (String status : List.of("pending", "retrying", "dead")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/admin/events?limit=500&status=" + status)).header("Authorization", "Bearer " + TOKEN).build();
            try {
                String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher id = ID.matcher(body);
                while (id.find()) {
                    count++;
                }
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }
        return count;
    }

    private Process start(Path config, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-Dmicronaut.config.files=" + config, "-jar",
                System.getProperty("hookline.jar", "target/hookline.jar"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    private void awaitHealthy(int port, Process process) {
        Eventually.await("the receiver to answer /health", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the receiver exited: " + log(process));
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }, status -> status == 200);
    }

    private String log(Process process) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    return "";
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
