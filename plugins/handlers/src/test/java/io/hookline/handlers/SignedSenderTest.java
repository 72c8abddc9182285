package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.provider.common.StandardWebhooksSigner;
import io.hookline.spi.DownstreamAnswer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one signed POST, seen from a raw socket: exactly the request that reaches the target. */
class SignedSenderTest {

    @Test
    void anHttpTargetGetsPlainHttp11WithoutAnUpgradeToH2c() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> request = answerOnce(target, "HTTP/1.1 204 No Content\r\n\r\n");
            DownstreamAnswer answer = sender(target).send(message().with("X-Extra", "one more"), Duration.ofSeconds(5));
            assertEquals(204, answer.status());
            List<String> lines = request.get(5, TimeUnit.SECONDS);
            assertTrue(lines.get(0).endsWith(" HTTP/1.1"), lines.get(0));
            List<String> names = lines.stream().skip(1).map(line -> line.split(":", 2)[0].toLowerCase(Locale.ROOT))
                    .toList();
            assertFalse(names.contains("upgrade"), "the target saw: " + lines);
            assertFalse(names.contains("http2-settings"), "the target saw: " + lines);
            assertTrue(names.containsAll(List.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type",
                    "x-hookline-source", "user-agent", "x-extra")), "the target saw: " + lines);
        }
    }

    @Test
    void theAnswerIsKeptWithItsHeadersAndTheFirstKilobyteCutOnACharacterBoundary() throws Exception {
        // 1023 ASCII bytes then a two-byte character: the kilobyte ends inside it.
        String body = "x".repeat(1023) + "é and more after the first kilobyte";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            answerOnce(target, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "X-Request-Id: req-42\r\nVary: Origin\r\nVary: Accept\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n" + body);
            DownstreamAnswer answer = sender(target).send(message(), Duration.ofSeconds(5));
            assertEquals(500, answer.status());
            assertEquals("x".repeat(1023), answer.body(), "not the half of 'é' that fits");
            assertEquals("req-42", answer.headers().get("x-request-id"));
            assertEquals("Origin, Accept", answer.headers().get("vary"));
            assertEquals("http://127.0.0.1:" + target.getLocalPort() + "/hooks", answer.url());
            assertTrue(answer.took().compareTo(Duration.ZERO) > 0);
        }
    }

    @Test
    void aBodyThatNeverEndsIsCutAtTheTimeoutAndTheAnswerKept() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A million bytes promised, a few sent, then nothing while the connection stays open.
            answerAndHold(target, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000000\r\n\r\nstarted but",
                    Duration.ofSeconds(20));
            long start = System.nanoTime();
            DownstreamAnswer answer = sender(target).send(message(), Duration.ofSeconds(1));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "the attempt ends near its timeout, not with the body: "
                    + waited);
            assertEquals(500, answer.status());
            assertEquals("started but", answer.body());
        }
    }

    @Test
    void textEndsOnTheLastWholeCharacter() {
        assertEquals("ab", SignedSender.text(new byte[] {'a', 'b'}));
        assertEquals("a", SignedSender.text(new byte[] {'a', (byte) 0xE2, (byte) 0x82}), "a cut euro sign");
        assertEquals("a€", SignedSender.text("a€".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a", SignedSender.text(new byte[] {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98}), "a cut emoji");
        assertEquals("😀", SignedSender.text("😀".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", SignedSender.text(new byte[0]));
    }

    private static SignedSender sender(ServerSocket target) {
        return new SignedSender(URI.create("http://127.0.0.1:" + target.getLocalPort() + "/hooks"), Map.of(),
                List.of(StandardWebhooksSigner.hmac("0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));
    }

    private static SignedSender.Message message() {
        return new SignedSender.Message("evt_1", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Hookline-Source", "test"));
    }

    /** Reads one request's head and body, answers with the given bytes, and closes. */
    private static CompletableFuture<List<String>> answerOnce(ServerSocket target, String answer) {
        return answerAndHold(target, answer, Duration.ZERO);
    }

    /** As {@link #answerOnce}, keeping the connection open that long after the answer, sending nothing more. */
    private static CompletableFuture<List<String>> answerAndHold(ServerSocket target, String answer, Duration hold) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = target.accept()) {
                socket.setSoTimeout(5000);
                InputStream in = socket.getInputStream();
                List<String> lines = new ArrayList<>();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                        line.reset();
                        if (text.isEmpty()) {
                            break;
                        }
                        lines.add(text);
                    } else {
                        line.write(b);
                    }
                }
                int length = lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                        .map(l -> Integer.parseInt(l.split(":", 2)[1].trim())).findFirst().orElse(0);
                in.readNBytes(length);
                OutputStream out = socket.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(hold.toMillis());
                return lines;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
