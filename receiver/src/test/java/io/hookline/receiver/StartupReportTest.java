package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block an operator reads after a start to see that the receiver is set up as intended. */
class StartupReportTest {

    @TempDir
    Path dir;

    private List<String> report(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.putAll(settings);
        properties.values().removeIf(""::equals);
        properties.put("hookline.data-dir", dir.resolve("data").toString());
        properties.put("hookline.plugins-dir", dir.resolve("plugins").toString());
        properties.put("hookline.instance-id", "vm-test");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            String url = server.getURL().toString().replaceAll("/+$", "");
            List<String> lines = server.getApplicationContext().getBean(StartupReport.class).report(server.getURL())
                    .lines().toList();
            return lines.stream().map(line -> line.replace(url, "URL")).toList();
        }
    }

    @Test
    void eachSourceRouteAndTheAdminAreaAreALineOfOneBlock() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hookline.admin-token", "0123456789abcdef0123456789abcdef");
        settings.put("hookline.admin.allow-from", List.of("10.0.0.0/8", "192.0.2.7"));
        settings.putAll(Map.of("hookline.sources.gh.provider", "github", "hookline.sources.gh.secrets", List.of("s"),
                "hookline.sources.pay.provider", "stripe", "hookline.sources.pay.secrets", List.of("whsec_x")));
        settings.putAll(Map.of("hookline.routes[0].name", "ci", "hookline.routes[0].handler", "log",
                "hookline.routes[0].match", "gh:pull_request.*"));
        settings.putAll(Map.of("hookline.routes[1].name", "all-stripe", "hookline.routes[1].handler", "log",
                "hookline.routes[1].provider", "stripe"));
        settings.putAll(Map.of("hookline.routes[2].name", "ordered", "hookline.routes[2].handler", "log",
                "hookline.routes[2].match", "gh:pu*", "hookline.routes[2].where", "type != 'ping'",
                "hookline.routes[2].order-by", " /repository/id "));
        List<String> lines = report(settings);
        assertTrue(lines.get(0).matches("Hookline \\S+ listening on URL as instance vm-test"), lines.get(0));
        assertTrue(lines.contains("  sources:    POST /hooks/gh (github)"), String.join("\n", lines));
        assertTrue(lines.contains("              POST /hooks/pay (stripe)"), String.join("\n", lines));
        assertTrue(lines.contains("  routes:     all-stripe: * (provider stripe) -> log"), String.join("\n", lines));
        assertTrue(lines.contains("              ci: gh:pull_request.* -> log"), String.join("\n", lines));
        assertTrue(lines.contains("              ordered: gh:pu* where type != 'ping' order-by /repository/id -> log"),
                String.join("\n", lines));
        assertTrue(lines.contains("  admin:      API and dashboard on at URL/admin/ (bearer hookline.admin-token),"
                + " answering 10.0.0.0/8, 192.0.2.7 only (hookline.admin.allow-from)"), String.join("\n", lines));
        assertTrue(lines.contains("  metrics:    URL/metrics, answering 10.0.0.0/8, 192.0.2.7 only"
                + " (hookline.admin.allow-from)"), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("  database:   SQLite ")), String.join("\n", lines));
        assertTrue(lines.contains("  providers:  fireflies, github, hmac, otter, standard-webhooks, stripe, zoom"),
                String.join("\n", lines));
        assertTrue(lines.contains("  handlers:   command, forward, log"), String.join("\n", lines));
    }

    @Test
    void withoutATokenTheAdminAreaIsReportedOffAndEmptyListsSayWhatToAdd() {
        List<String> lines = report(Map.of());
        assertEquals(List.of(
                "  sources:    none (add hookline.sources.<name> to receive webhooks)",
                "  routes:     none (add hookline.routes to run handlers on stored events)",
                "  admin:      API and dashboard off (set hookline.admin-token to turn them on)",
                "  metrics:    URL/metrics, answering 127.0.0.0/8, ::1 only (hookline.admin.allow-from)"),
                lines.subList(lines.size() - 4, lines.size()), String.join("\n", lines));
        assertTrue(lines.contains("  plugins:    none (from " + dir.resolve("plugins").toAbsolutePath().normalize() + ")"),
                String.join("\n", lines));
    }

    @Test
    void withoutAHostTheReportSaysEveryInterfaceListens() {
        List<String> lines = report(Map.of("micronaut.server.host", ""));
        assertTrue(lines.get(0).matches("Hookline \\S+ listening on URL \\(every interface; micronaut.server.host"
                + " chooses one\\) as instance vm-test"), lines.get(0));
    }
}
