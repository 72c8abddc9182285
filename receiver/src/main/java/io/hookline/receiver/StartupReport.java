package io.hookline.receiver;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.store.EventStore;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once the server listens, what the operator needs to know it is set up as intended. */
@Singleton
public class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final HooklineConfig config;
    private final Sources sources;
    private final LoadedPlugins plugins;
    private final EventStore store;
    private final Routes routes;

    public StartupReport(HooklineConfig config, Sources sources, LoadedPlugins plugins, EventStore store,
            Routes routes) {
        this.config = config;
        this.routes = routes;
        this.sources = sources;
        this.plugins = plugins;
        this.store = store;
    }

    @EventListener
    public void onStartup(ServerStartupEvent event) {
        LOG.info("Hookline listening on {} as instance {}", event.getSource().getURL(), config.getInstanceId());
        LOG.info("Database: {}", store.description());
        LOG.info("Providers: {}; handlers: {}", new TreeSet<>(plugins.providers().keySet()),
                new TreeSet<>(plugins.handlers().keySet()));
        LOG.info("Plugins from {}: {}", config.getPluginsDir().toAbsolutePath().normalize(),
                plugins.plugins().isEmpty() ? "none" : plugins.plugins().stream().map(LoadedPlugins.PluginJar::name).toList());
        if (sources.describe().isEmpty()) {
            LOG.info("Sources enabled: none (add hookline.sources.<name> to receive webhooks)");
        } else {
            sources.describe().forEach((name, provider) ->
                    LOG.info("Source enabled: POST /hooks/{} ({})", name, provider));
        }
        if (routes.describe().isEmpty()) {
            LOG.info("Routes: none (add hookline.routes to run handlers on stored events)");
        } else {
            routes.describe().forEach((name, handler) -> LOG.info("Route enabled: {} -> {}", name, handler));
        }
    }
}
