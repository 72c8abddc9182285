package io.hookline.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The one check behind {@link SourceSettings#requireKnownSettings} and {@link RouteSettings#requireKnownSettings}. */
final class KnownSettings {

    private KnownSettings() {}

    static void require(String keyPrefix, Map<String, String> settings, Set<String> known) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key) && known.stream().noneMatch(option -> isElementOf(key, option))) {
                throw new IllegalArgumentException(keyPrefix + key + ": unknown setting"
                        + (known.isEmpty() ? "; this takes no settings" : " (known: " + new TreeSet<>(known) + ")"));
            }
        }
    }

    /** Whether {@code key} is an element of the list option {@code option}, such as {@code command[2]}. */
    static boolean isElementOf(String key, String option) {
        return key.length() > option.length() + 2 && key.startsWith(option) && key.charAt(option.length()) == '['
                && key.endsWith("]")
                && key.substring(option.length() + 1, key.length() - 1).chars().allMatch(Character::isDigit);
    }
}
