package io.hookline.receiver.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real receiver on a random loopback port with its database in a test's temp directory,
 * spoken to over real HTTP. Source {@code gh} is a GitHub source with two secrets.
 */
public final class RunningReceiver implements AutoCloseable {

    public static final String SECRET = "gh-secret-one";
    public static final String SECOND_SECRET = "gh-secret-two";
    /** An admin token for tests that need one and nothing more: as long as the receiver asks (32 characters). */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefgh";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final EmbeddedServer server;
    private final Path dataDir;

    private RunningReceiver(EmbeddedServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static RunningReceiver start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    public static RunningReceiver start(Path dataDir, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("hookline.data-dir", dataDir.toString());
        properties.put("hookline.plugins-dir", dataDir.resolve("plugins").toString());
        properties.put("hookline.sources.gh.provider", "github");
        properties.put("hookline.sources.gh.secrets", List.of(SECRET, SECOND_SECRET));
        properties.putAll(extra);
        return new RunningReceiver(ApplicationContext.run(EmbeddedServer.class, properties), dataDir);
    }

    /** The HTTP helpers for a receiver that {@code @MicronautTest} started. */
    public static RunningReceiver of(EmbeddedServer server, Path dataDir) {
        return new RunningReceiver(server, dataDir);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** The JSON body of an answer, as a client would parse it. */
    public Map<String, Object> json(HttpResponse<String> response) {
        return json(response.body());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> json(String text) {
        try {
            return context().getBean(io.micronaut.json.JsonMapper.class).readValue(text, Map.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** Reads one number from the receiver's real database file, as an operator would. */
    public long count(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the receiver did not answer " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
