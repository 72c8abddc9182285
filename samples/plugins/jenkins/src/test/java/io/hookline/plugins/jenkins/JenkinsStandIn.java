package io.hookline.plugins.jenkins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jenkins on 127.0.0.1, as its Remote Access API documents triggering a parameterized job
 * (https://www.jenkins.io/doc/book/using/remote-access-api/): {@code POST /job/NAME/buildWithParameters}
 * (a job in a folder: {@code /job/FOLDER/job/NAME/...}) with the parameters as a form body and HTTP
 * basic auth with a user's API token; 201 Created with the queue item in {@code Location}; 401
 * without valid credentials; 404 for a job that does not exist. {@code answer} forces a status.
 */
final class JenkinsStandIn implements AutoCloseable {

    /** One queued build as Jenkins recorded it. */
    record Build(String path, Map<String, String> parameters) {}

    private final HttpServer server;
    private final String user;
    private final String token;
    private final String jobPath;
    private final List<Build> builds = new CopyOnWriteArrayList<>();
    private final AtomicInteger queue = new AtomicInteger(100);
    volatile int answer;

    JenkinsStandIn(String user, String token, String jobPath) throws IOException {
        this.user = user;
        this.token = token;
        this.jobPath = jobPath;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Build> builds() {
        return List.copyOf(builds);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token)
                    .getBytes(StandardCharsets.UTF_8));
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (answer != 0) {
                exchange.sendResponseHeaders(answer, -1);
            } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
            } else if (!"POST".equals(exchange.getRequestMethod()) || !path.equals(jobPath + "buildWithParameters")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                builds.add(new Build(path, form(new String(body, StandardCharsets.UTF_8))));
                exchange.getResponseHeaders().add("Location", url() + "/queue/item/" + queue.incrementAndGet() + "/");
                exchange.sendResponseHeaders(201, -1);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
