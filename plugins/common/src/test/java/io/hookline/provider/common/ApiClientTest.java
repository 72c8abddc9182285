package io.hookline.provider.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.CatchUpException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The catch-up clients' HTTP against a server that reads each request and hangs up without answering. */
class ApiClientTest {

    private final ApiClient client = new ApiClient("Ledger", Map.of("Authorization", "Bearer ledger-token-secret"));

    @Test
    void aReadWhoseConnectionEndsIsTriedAgainAndThenNamedUnreachable() throws Exception {
        try (HangingUp server = new HangingUp()) {
            CatchUpException failure = assertThrows(CatchUpException.class, () -> client.get(server.uri("/events")));
            assertEquals(CatchUpException.Cause.UNREACHABLE, failure.failureCause());
            assertTrue(failure.getMessage().startsWith("Ledger could not be reached for GET " + server.uri("/events")
                    + " (" + ApiClient.TRIES + " tries)"), failure.getMessage());
            // The JDK's client may itself repeat a GET once on a closed connection; each try is one at least.
            assertTrue(server.requests() >= ApiClient.TRIES, server.requests() + " requests");
        }
    }

    @Test
    void aWriteWhoseConnectionEndsAfterItWasSentIsNotSentAgain() throws Exception {
        try (HangingUp server = new HangingUp()) {
            SentWithoutAnswer unanswered = assertThrows(SentWithoutAnswer.class, () -> client.post(server.uri("/redo")));
            assertTrue(unanswered.getMessage().startsWith("Ledger did not answer POST " + server.uri("/redo")
                    + ": the connection ended after the request was sent"), unanswered.getMessage());
            assertEquals(1, server.requests(), "the provider may have acted on it");
        }
    }

    @Test
    void aWriteThatCouldNotBeSentIsTriedAgainAndThenNamedUnreachable() throws Exception {
        URI nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/redo");
        }
        CatchUpException failure = assertThrows(CatchUpException.class, () -> client.post(nobody));
        assertEquals(CatchUpException.Cause.UNREACHABLE, failure.failureCause());
        assertTrue(failure.getMessage().contains("(" + ApiClient.TRIES + " tries)"), failure.getMessage());
        assertFalse(failure.getMessage().contains("ledger-token-secret"), failure.getMessage());
    }

    @Test
    void anAnswerDeclaringMoreThanTheLimitIsNotReadNorAskedForAgain() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger requests = new AtomicInteger();
            Thread server = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        InputStream in = connection.getInputStream();
                        int last4 = 0;
                        int read;
                        while ((read = in.read()) >= 0 && (last4 = (last4 << 8) | read) != 0x0d0a0d0a) {
                            // the request's head
                        }
                        requests.incrementAndGet();
                        connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: "
                                + (ApiClient.MAX_ANSWER_BYTES + 1L) + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
                        connection.getOutputStream().flush();
                        in.read(); // until the client hangs up
                    } catch (IOException closed) {
                        // the client gave up, or the test is over
                    }
                }
            }, "declaring-too-much");
            server.setDaemon(true);
            server.start();
            URI events = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/events");
            CatchUpException failure = assertThrows(CatchUpException.class, () -> client.get(events));
            assertEquals(CatchUpException.Cause.UNEXPECTED_ANSWER, failure.failureCause());
            assertEquals("Ledger's answer to GET " + events + " is larger than 16 MB, the most a catch-up call reads;"
                    + " the rest was not read", failure.getMessage());
            assertEquals(1, requests.get(), "a longer answer is not a passing trouble: the same call is not made again");
        }
    }

    /** Reads each request's head and closes the connection. */
    private static final class HangingUp implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread acceptor = new Thread(this::serve, "hanging-up");

        HangingUp() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    int last4 = 0;
                    int read;
                    while ((read = in.read()) >= 0 && (last4 = (last4 << 8) | read) != 0x0d0a0d0a) {
                        // the request's head, up to the blank line
                    }
                    requests.incrementAndGet();
                } catch (IOException closed) {
                    // the test is over, or the client went away
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
