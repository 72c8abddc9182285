package io.hookline.receiver.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for Sentry's ingest endpoint on 127.0.0.1: it accepts the real SDK's envelopes
 * ({@code POST /api/1/envelope/}, gzip) and keeps their text for the tests to read.
 */
public final class SentryIngest implements AutoCloseable {

    private final HttpServer server;
    private final List<String> envelopes = new CopyOnWriteArrayList<>();

    public SentryIngest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/1/envelope/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                if ("gzip".equalsIgnoreCase(encoding)) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                envelopes.add(new String(body, StandardCharsets.UTF_8));
                byte[] answer = "{\"id\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    public String dsn() {
        return "http://publickey@127.0.0.1:" + server.getAddress().getPort() + "/1";
    }

    /** Every envelope received so far, as text. */
    public List<String> envelopes() {
        return List.copyOf(envelopes);
    }

    /** The event items (the lines that carry an event's level) of every envelope. */
    public List<String> events() {
        return envelopes.stream().flatMap(envelope -> envelope.lines())
                .filter(line -> line.contains("\"level\"") && line.contains("\"fingerprint\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
