package io.hookline.receiver.plugins;

import io.hookline.receiver.config.Version;
import io.hookline.spi.EventHandler;
import io.hookline.spi.Provider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers and handlers found at start, and every plugin jar or directory in the plugins
 * directory with what became of it.
 *
 * @param providers by {@link Provider#id()}
 * @param handlers by {@link EventHandler#id()}
 * @param builtIns the receiver's own plugins
 * @param jars each jar or directory of jars in the plugins directory, loaded or skipped
 */
public record LoadedPlugins(
        Map<String, Provider> providers,
        Map<String, EventHandler> handlers,
        PluginJar builtIns,
        List<PluginJar> jars) {

    /** The name the receiver's own plugins go by. */
    public static final String BUILT_IN = "built-in";

    /**
     * One plugin jar (or directory of jars), or the built-ins.
     *
     * @param name the jar or directory name in the plugins directory, or {@code built-in}
     * @param loaded whether its providers and handlers are in use
     * @param api the SPI major its manifest names ({@code Hookline-Plugin-Api}), or null when it names none
     * @param version its manifest's {@code Implementation-Version}, or null
     * @param providers the provider ids it contributed
     * @param handlers the handler ids it contributed
     * @param reason why it was skipped, or a warning about a loaded one; null when there is nothing to say
     */
    public record PluginJar(String name, boolean loaded, String api, String version, List<String> providers,
            List<String> handlers, String reason) {}

    /** The plugin jars that loaded. */
    public List<PluginJar> plugins() {
        return jars.stream().filter(PluginJar::loaded).toList();
    }

    /** Each skipped plugin jar as {@code name: reason}. */
    public List<String> skipped() {
        return jars.stream().filter(jar -> !jar.loaded()).map(jar -> jar.name() + ": " + jar.reason()).toList();
    }

    /** Where a handler came from: {@code built-in} with the receiver's version, or its plugin jar. */
    public Origin originOfHandler(String handlerId) {
        for (PluginJar jar : plugins()) {
            if (jar.handlers().contains(handlerId)) {
                return new Origin(jar.name(), jar.version() == null ? "unknown" : jar.version());
            }
        }
        return new Origin(BUILT_IN, Version.current());
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
}
