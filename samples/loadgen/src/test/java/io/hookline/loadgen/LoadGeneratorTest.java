package io.hookline.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load generator against a small stand-in receiver on 127.0.0.1, for a second. */
class LoadGeneratorTest {

    @Test
    void signedRequestsAreCountedByStatusAndAnswerAndRepeatIdsForDuplicates() throws Exception {
        byte[] body = "{\"ref\":\"main\"}".getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + SignedRequests.sign("s3cret", body);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> perReceiver = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpHandler receiver = exchange -> {
            perReceiver.computeIfAbsent(exchange.getLocalAddress().getPort(), port -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            boolean signed = signature.equals(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"));
            String delivery = exchange.getRequestHeaders().getFirst("X-GitHub-Delivery");
            byte[] answer = (seen.add(delivery) ? "{\"status\":\"accepted\"}" : "{\"status\":\"duplicate\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(signed ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        };
        for (HttpServer receiving : List.of(server, other)) {
            receiving.createContext("/hooks/gh", receiver);
            receiving.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            receiving.start();
        }
        try {
            LoadSettings settings = new LoadSettings(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/gh"), "s3cret", "push", body,
                    "test.json", 4, Duration.ofSeconds(1), Duration.ofMillis(200), 0, 0.5, null,
                    List.of(URI.create("http://127.0.0.1:" + other.getAddress().getPort() + "/hooks/gh")), 0);
            Tally tally = LoadGenerator.run(settings, null).tally();
            assertTrue(tally.requests() > 10, "requests measured: " + tally.requests());
            assertEquals(tally.requests(), tally.statuses.getOrDefault(200, 0L), "every request signed correctly");
            assertEquals(tally.requests(), tally.accepted + tally.duplicates);
            assertTrue(tally.duplicates > 0 && tally.accepted > 0, "half repeat an earlier id: " + tally.duplicates);
            assertTrue(tally.percentileMillis(0.5) <= tally.percentileMillis(0.99));
            assertEquals(2, perReceiver.size(), "the connections take turns between the receivers: " + perReceiver);
        } finally {
            server.stop(0);
            other.stop(0);
        }
    }
}
