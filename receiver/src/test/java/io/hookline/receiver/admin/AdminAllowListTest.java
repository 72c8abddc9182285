package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's surface answers only the allowed addresses: a client on 127.0.0.2 (another
 * loopback address, standing in for a machine on the network) sees the admin API, the dashboard
 * and {@code /metrics} as paths that do not exist, while webhooks and health answer it as before.
 */
class AdminAllowListTest {

    private static final String TOKEN = "allow-list-test-admin-token-0123456789";
    private static final String ELSEWHERE = "127.0.0.2";

    @TempDir
    Path dataDir;

    private record Answer(int status, String body) {}

    @Test
    void theDefaultAllowsEveryLoopbackAddress() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", TOKEN))) {
            assertEquals(200, send(receiver, "127.0.0.1", "GET", "/metrics", Map.of()).status());
            assertEquals(200, send(receiver, ELSEWHERE, "GET", "/metrics", Map.of()).status(), "127.0.0.0/8 by default");
        }
    }

    @Test
    void anAddressNotAllowedSeesNoAdminApiDashboardOrMetricsButWebhooksAndHealthAnswerIt() throws Exception {
        // An allow-list of 127.0.0.1 alone makes 127.0.0.2 a stranger, as a machine on the network would be.
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", TOKEN,
                "hookline.admin.allow-from", List.of("127.0.0.1")))) {
            Map<String, String> withToken = Map.of("Authorization", "Bearer " + TOKEN);
            for (String path : List.of("/admin/stats", "/admin/", "/admin", "/admin/dashboard.js", "/metrics",
                    "/admin/events?status=dead")) {
                Answer refused = send(receiver, ELSEWHERE, "GET", path, withToken);
                assertEquals(404, refused.status(), path + " from " + ELSEWHERE + ": " + refused.body());
                assertTrue(refused.body().contains("\"code\":\"not_found\"") && refused.body().contains("no such endpoint"),
                        "the same answer as a path that does not exist: " + refused.body());
            }
            Answer unknown = send(receiver, ELSEWHERE, "GET", "/no-such-path", Map.of());
            assertEquals(404, unknown.status());
            assertEquals(200, send(receiver, "127.0.0.1", "GET", "/admin/stats", withToken).status(), "allowed");
            assertEquals(401, send(receiver, "127.0.0.1", "GET", "/admin/stats", Map.of()).status(), "the token still counts");
            assertEquals(200, send(receiver, "127.0.0.1", "GET", "/metrics", Map.of()).status());

            GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            Answer webhook = send(receiver, ELSEWHERE, "POST", "/hooks/gh", delivery.headers(), delivery.body());
            assertEquals(200, webhook.status(), "webhooks stay open to every address: " + webhook.body());
            assertEquals(200, send(receiver, ELSEWHERE, "GET", "/health", Map.of()).status(), "and health");
        }
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsWhatTheAllowListChecks() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", TOKEN,
                "hookline.trusted-proxies", List.of("127.0.0.1"), "hookline.admin.allow-from", List.of("10.8.0.0/24")))) {
            Map<String, String> fromVpn = Map.of("Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "10.8.0.5");
            Map<String, String> fromInternet = Map.of("Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "198.51.100.7");
            assertEquals(200, send(receiver, "127.0.0.1", "GET", "/admin/stats", fromVpn).status());
            assertEquals(404, send(receiver, "127.0.0.1", "GET", "/admin/stats", fromInternet).status());
            assertEquals(404, send(receiver, "127.0.0.1", "GET", "/metrics", Map.of()).status(),
                    "the proxy itself is not on the list");
            assertEquals(404, send(receiver, ELSEWHERE, "GET", "/admin/stats", fromVpn).status(),
                    "a forwarded address from a peer that is not a trusted proxy is not believed");
        }
    }

    @Test
    void aMalformedAllowListStopsTheStartNamingTheKey() {
        BeanInstantiationException refused = assertThrows(BeanInstantiationException.class, () -> RunningReceiver.start(
                dataDir, Map.of("hookline.admin.allow-from", List.of("127.0.0.1", "10.0.0.0/33"))).close());
        assertTrue(String.valueOf(refused.getMessage()).contains("hookline.admin.allow-from[1]: '10.0.0.0/33' needs a prefix"
                + " length from 0 to 32"), refused.getMessage());
    }

    private static Answer send(RunningReceiver receiver, String from, String method, String path,
            Map<String, String> headers) throws IOException {
        return send(receiver, from, method, path, headers, new byte[0]);
    }

    /** One HTTP/1.1 request from a socket bound to {@code from}: the JDK's HttpClient cannot choose its source address. */
    private static Answer send(RunningReceiver receiver, String from, String method, String path,
            Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", receiver.uri("/").getPort()), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int blank = answer.indexOf("\r\n\r\n");
            return new Answer(status, blank < 0 ? "" : answer.substring(blank + 4));
        }
    }
}
