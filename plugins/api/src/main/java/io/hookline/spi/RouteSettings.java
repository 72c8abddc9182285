package io.hookline.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One configured route ({@code hookline.routes[i]}), as {@link EventHandler#bind} sees it.
 *
 * @param route the route's name, unique in the configuration
 * @param configKey the route's configuration key, such as {@code hookline.routes[2]}, for messages
 * @param settings the handler's options ({@code hookline.routes[i].settings}); keys in kebab case
 * @param timeout how long one attempt may run
 */
public record RouteSettings(String route, String configKey, Map<String, String> settings, Duration timeout) {

    public RouteSettings {
        settings = Map.copyOf(settings);
    }

    /** The configuration key of a handler option, for error messages. */
    public String settingKey(String key) {
        return configKey + ".settings." + key;
    }

    /**
     * Refuses every setting outside {@code known}, so a typo stops the receiver at start.
     *
     * @throws IllegalArgumentException such as {@code hookline.routes[0].settings.ulr: unknown
     *     setting (known: [secret, url])}
     */
    public void requireKnownSettings(Set<String> known) {
        KnownSettings.require(configKey + ".settings.", settings, known);
    }
}
