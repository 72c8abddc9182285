package io.hookline.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One configured source ({@code hookline.sources.<name>}), as {@link Provider#bind} sees it.
 *
 * <p>Secrets are given in the order configured. A provider must accept a request signed with any
 * of them, so an operator can add the new secret, switch the sender over, then remove the old one.
 * Providers must never log, store or echo a secret.
 *
 * @param name the source name, as in {@code POST /hooks/{name}}
 * @param provider the {@link Provider#id()} this source is bound to
 * @param secrets the secrets in force, at least one
 * @param settings provider-specific options ({@code hookline.sources.<name>.settings}), such as
 *     a replay tolerance or a header name; keys in kebab case
 */
public record SourceSettings(
        String name, String provider, List<String> secrets, Map<String, String> settings) {

    public SourceSettings {
        secrets = List.copyOf(secrets);
        settings = Map.copyOf(settings);
    }

    /** The configuration key of a provider-specific option, for error messages. */
    public String settingKey(String key) {
        return "hookline.sources." + name + ".settings." + key;
    }

    /**
     * Refuses every setting outside {@code known}, so a typo stops the receiver at start.
     *
     * @throws IllegalArgumentException such as {@code hookline.sources.st.settings.tolerence:
     *     unknown setting (known: [tolerance])}
     */
    public void requireKnownSettings(Set<String> known) {
        KnownSettings.require("hookline.sources." + name + ".settings.", settings, known);
    }

    /** A provider-specific option, if the operator set it. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /**
     * A duration option written in seconds ({@code "300"}) or with a unit ({@code "5m"},
     * {@code "300s"}, {@code "1h"}); the default when absent.
     *
     * @throws IllegalArgumentException naming the key when the value is not a duration
     */
    public Duration durationSetting(String key, Duration defaultValue) {
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String value = raw.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            char unit = value.charAt(value.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            switch (unit) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                default: break;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(settingKey(key) + ": '" + raw + "' is not a duration (use seconds, or a number with s, m or h)");
    }
}
