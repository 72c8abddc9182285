package io.hookline.receiver;

import io.hookline.receiver.admin.AdminAccessConfig;
import io.hookline.receiver.admin.AdminAuth;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.config.Version;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.store.EventStore;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once the server listens, what the operator needs to know it is set up as intended: one block
 * (one log event, so nothing else is written between its lines and a JSON line holds it whole) with
 * the store, the plugins, each source's URL, each route's match pattern beside its handler, and
 * whether the admin API and the dashboard are on, where, and for which addresses.
 */
@Singleton
public class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);
    private static final String INDENT = "            ";

    private final HooklineConfig config;
    private final Sources sources;
    private final LoadedPlugins plugins;
    private final EventStore store;
    private final Routes routes;
    private final AdminAuth admin;
    private final AdminAccessConfig adminAccess;
    private final String host;

    public StartupReport(HooklineConfig config, Sources sources, LoadedPlugins plugins, EventStore store,
            Routes routes, AdminAuth admin, AdminAccessConfig adminAccess,
            @Nullable @Property(name = "micronaut.server.host") String host) {
        this.host = host;
        this.config = config;
        this.routes = routes;
        this.sources = sources;
        this.plugins = plugins;
        this.store = store;
        this.admin = admin;
        this.adminAccess = adminAccess;
    }

    @EventListener
    public void onStartup(ServerStartupEvent event) {
        LOG.info(report(event.getSource().getURL()));
    }

    /** The block, its lines joined by newlines, for a server listening at {@code url}. */
    String report(URL url) {
        String base = url.toString().replaceAll("/+$", "");
        List<String> lines = new ArrayList<>();
        // Micronaut names the URL by the host name when no host is set, but then listens on every interface.
        String where = host == null || host.isBlank() ? " (every interface; micronaut.server.host chooses one)" : "";
        lines.add("Hookline " + Version.current() + " listening on " + base + where + " as instance " + config.getInstanceId());
        lines.add(line("database:", store.description()));
        lines.add(line("providers:", String.join(", ", new TreeSet<>(plugins.providers().keySet()))));
        lines.add(line("handlers:", String.join(", ", new TreeSet<>(plugins.handlers().keySet()))));
        lines.add(line("plugins:", (plugins.plugins().isEmpty() ? "none"
                : String.join(", ", plugins.plugins().stream().map(LoadedPlugins.PluginJar::name).toList()))
                + " (from " + config.getPluginsDir().toAbsolutePath().normalize() + ")"));
        block(lines, "sources:", sources.describe(), (name, provider) -> "POST /hooks/" + name + " (" + provider + ")",
                "none (add hookline.sources.<name> to receive webhooks)");
        block(lines, "routes:", routes.describe(), (name, description) -> name + ": " + description,
                "none (add hookline.routes to run handlers on stored events)");
        String allowed = allowed(adminAccess.getAllowFrom());
        lines.add(line("admin:", admin.enabled()
                ? "API and dashboard on at " + base + "/admin/ (bearer hookline.admin-token), " + allowed
                : "API and dashboard off (set hookline.admin-token to turn them on)"));
        lines.add(line("metrics:", base + "/metrics, " + allowed));
        return String.join("\n", lines);
    }

    private static String allowed(Collection<String> allowFrom) {
        return allowFrom.isEmpty() ? "answering no address (hookline.admin.allow-from is empty)"
                : "answering " + String.join(", ", allowFrom) + " only (hookline.admin.allow-from)";
    }

    /** One entry a line, the first beside the label and the rest under it; or {@code none} when empty. */
    private static void block(List<String> lines, String label, Map<String, String> entries,
            BiFunction<String, String, String> describer, String none) {
        if (entries.isEmpty()) {
            lines.add(line(label, none));
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String text = describer.apply(entry.getKey(), entry.getValue());
            lines.add(first ? line(label, text) : "  " + INDENT + text);
            first = false;
        }
    }

    private static String line(String label, String text) {
        return "  " + label + INDENT.substring(label.length()) + text;
    }
}
