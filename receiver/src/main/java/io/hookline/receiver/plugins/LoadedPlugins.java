package io.hookline.receiver.plugins;

import io.hookline.spi.EventHandler;
import io.hookline.spi.Provider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers and handlers found at start: the built-ins and those of each plugin jar that
 * loaded, with what was skipped and why.
 *
 * @param providers by {@link Provider#id()}
 * @param handlers by {@link EventHandler#id()}
 * @param plugins the plugin jars (or directories) that loaded
 * @param skipped the plugin jars that did not load, each with the reason
 */
public record LoadedPlugins(
        Map<String, Provider> providers,
        Map<String, EventHandler> handlers,
        List<PluginOrigin> plugins,
        List<String> skipped) {

    /** Where a handler came from: {@code built-in} with the receiver's version, or its plugin jar. */
    public Origin originOfHandler(String handlerId) {
        for (PluginOrigin plugin : plugins) {
            if (plugin.handlers().contains(handlerId)) {
                EventHandler handler = handlers.get(handlerId);
                String version = handler == null ? null : handler.getClass().getPackage().getImplementationVersion();
                return new Origin(plugin.name(), version == null ? "unknown" : version);
            }
        }
        return new Origin("built-in", io.hookline.receiver.Version.current());
    }

    /**
     * A plugin's name and version.
     *
     * @param name {@code built-in} or the plugin's jar or directory name
     * @param version its manifest's Implementation-Version, or {@code unknown}
     */
    public record Origin(String name, String version) {}

    /** The provider with this id. */
    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /**
     * One plugin that loaded.
     *
     * @param name the jar or directory name in the plugins directory
     * @param providers the provider ids it contributed
     * @param handlers the handler ids it contributed
     */
    public record PluginOrigin(String name, List<String> providers, List<String> handlers) {}
}
