package io.hookline.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * An option written as a list ({@code command: [sh, -c, "echo a, b"]}), element by element.
     * The configuration hands a YAML list over as {@code command[0]}, {@code command[1]}, … and, beside
     * them, as {@code command} joined with commas, which cannot tell a comma inside an element from
     * one between elements: this reads the indexed keys only. Empty when the option is not written
     * as a list (it may still be a plain {@code command} string).
     *
     * @throws IllegalArgumentException naming the key when an index is missing from the list
     */
    public Optional<List<String>> listSetting(String key) {
        List<String> elements = new ArrayList<>();
        while (settings.containsKey(key + "[" + elements.size() + "]")) {
            elements.add(settings.get(key + "[" + elements.size() + "]"));
        }
        long indexed = settings.keySet().stream().filter(name -> KnownSettings.isElementOf(name, key)).count();
        if (indexed != elements.size()) {
            throw new IllegalArgumentException(settingKey(key) + ": the list has " + indexed + " elements but not "
                    + key + "[0] to " + key + "[" + (indexed - 1) + "]");
        }
        return elements.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(elements));
    }

    /**
     * Refuses every setting outside {@code known}, so a typo stops the receiver at start. An
     * element of a list option ({@code command[0]}) is known when the option is.
     *
     * @throws IllegalArgumentException such as {@code hookline.routes[0].settings.ulr: unknown
     *     setting (known: [secret, url])}
     */
    public void requireKnownSettings(Set<String> known) {
        KnownSettings.require(configKey + ".settings.", settings, known);
    }
}
