package io.hookline.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The downstream a forward route delivers to: it answers 200 and times acknowledgement to delivery. */
class DownstreamTargetTest {

    @Test
    void deliveriesAreCountedAndTimedAndMissingOnesReported() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        long measureFrom = System.nanoTime();
        try (DownstreamTarget target = new DownstreamTarget(port)) {
            target.acknowledged("evt_delivered", System.nanoTime());
            target.acknowledged("evt_never", System.nanoTime());
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/downstream")).header("webhook-id", "evt_delivered")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, answer.statusCode());
            target.report(new PrintStream(report, true, StandardCharsets.UTF_8), measureFrom, System.nanoTime() + 1, 300);
        }
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("deliveries  1 completed"), text);
        assertTrue(text.contains("acknowledged in the window 2, not delivered 0 s after the run: 1"), text);
        assertTrue(text.matches("(?s).*ack to delivery ms  p50 \\d+\\.\\d\\d .*"), text);
    }
}
