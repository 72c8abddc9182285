package io.hookline.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The one check behind {@link SourceSettings#requireKnownSettings} and {@link RouteSettings#requireKnownSettings}. */
final class KnownSettings {

    private KnownSettings() {}

    static void require(String keyPrefix, Map<String, String> settings, Set<String> known) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(keyPrefix + key + ": unknown setting"
                        + (known.isEmpty() ? "; this takes no settings" : " (known: " + new TreeSet<>(known) + ")"));
            }
        }
    }
}
