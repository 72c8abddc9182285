package io.hookline.spi;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source's {@code reconcile} block ({@code hookline.sources.<name>.reconcile}), as
 * {@link SourceVerifier#catchUp} sees it: every key but the receiver's own ({@code interval} and
 * {@code margin}, which schedule the runs), such as {@code api-url}, {@code token} or {@code hook}.
 *
 * <p>Values of keys whose name contains {@code token}, {@code key}, {@code secret} or
 * {@code password} are credentials: the receiver keeps them out of its logs, answers and Sentry
 * reports, and so must the provider.
 *
 * @param source the source name
 * @param provider the source's provider id
 * @param settings the block's keys, in kebab case, and their values
 */
public record CatchUpSettings(String source, String provider, Map<String, String> settings) {

    public CatchUpSettings {
        settings = Map.copyOf(settings);
    }

    /** The full configuration key of a setting, for error messages. */
    public String settingKey(String key) {
        return "hookline.sources." + source + ".reconcile." + key;
    }

    /**
     * Refuses every setting outside {@code known}, so a typo stops the receiver at start.
     *
     * @throws IllegalArgumentException such as {@code hookline.sources.gh.reconcile.tokn: unknown
     *     setting (known: [api-url, hook, token])}
     */
    public void requireKnownSettings(Set<String> known) {
        KnownSettings.require("hookline.sources." + source + ".reconcile.", settings, known);
    }

    /** A setting, trimmed, if the operator set it to something not blank. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * A setting that must be given, trimmed.
     *
     * @throws IllegalArgumentException naming the key, when it is absent or blank
     */
    public String required(String key) {
        return setting(key).orElseThrow(() -> new IllegalArgumentException(settingKey(key)
                + " is required (from the environment, like every secret)"));
    }

    /**
     * An http or https URL with a host, such as a provider's API root; {@code fallback} when absent.
     *
     * @throws IllegalArgumentException naming the key, when the value is not such a URL
     */
    public URI urlSetting(String key, String fallback) {
        String given = setting(key).orElse(fallback);
        try {
            URI uri = URI.create(given);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // the error below names the key
        }
        throw new IllegalArgumentException(settingKey(key) + " must be an http or https URL such as " + fallback
                + "; not '" + given + "'");
    }
}
