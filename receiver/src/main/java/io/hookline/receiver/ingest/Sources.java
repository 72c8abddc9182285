package io.hookline.receiver.ingest;

import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.plugins.PluginBinding;
import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configured sources, each bound to its provider. Built and checked at start: a source with
 * an unknown provider, no secret, or a name that is not a URL path segment stops the receiver
 * with the configuration key in the message.
 */
@Context
public class Sources {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Set<String> ALWAYS_DROPPED = Set.of("authorization", "cookie", "proxy-authorization",
            Provenance.HEADER);

    private final Map<String, Source> byName;

    public Sources(List<SourceConfig> configs, LoadedPlugins plugins) {
        Map<String, Source> sources = new TreeMap<>();
        for (SourceConfig config : configs) {
            sources.put(config.getName(), bind(config, plugins));
        }
        this.byName = Map.copyOf(sources);
    }

    Optional<Source> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** What the named source's provider made of it, for reading stored or fetched events as it would. */
    public Optional<SourceVerifier> verifier(String name) {
        return find(name).map(Source::verifier);
    }

    /** Source names with their provider, for the start-up log. Never the secrets. */
    public Map<String, String> describe() {
        Map<String, String> names = new TreeMap<>();
        byName.forEach((name, source) -> names.put(name, source.provider()));
        return names;
    }

    private static Source bind(SourceConfig config, LoadedPlugins plugins) {
        String key = "hookline.sources." + config.getName();
        if (!NAME.matcher(config.getName()).matches()) {
            throw new ConfigurationException(key + ": a source name must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (config.getProvider() == null || config.getProvider().isBlank()) {
            throw new ConfigurationException(key + ".provider is required (loaded providers: "
                    + plugins.providers().keySet() + ")");
        }
        Provider provider = plugins.provider(config.getProvider()).orElseThrow(() -> new ConfigurationException(
                key + ".provider: no provider '" + config.getProvider() + "' is loaded (loaded: "
                        + new TreeMap<>(plugins.providers()).keySet() + ")"));
        List<String> secrets = config.getSecrets().stream().filter(secret -> secret != null && !secret.isEmpty())
                .toList();
        if (secrets.isEmpty()) {
            throw new ConfigurationException(key + ".secrets: at least one secret is required");
        }
        SourceSettings settings = new SourceSettings(config.getName(), provider.id(), secrets, config.getSettings());
        SourceVerifier verifier;
        Set<String> dropped = new HashSet<>(ALWAYS_DROPPED);
        try {
            verifier = PluginBinding.bind(provider, settings);
            verifier.credentialHeaders().forEach(header -> dropped.add(header.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        return new Source(config.getName(), provider.id(), verifier, Set.copyOf(dropped),
                rateLimiter(key, config.getRateLimit()));
    }

    private static RateLimiter rateLimiter(String key, SourceConfig.RateLimit limit) {
        if (limit == null || limit.getPerSecond() == null && limit.getBurst() == null) {
            return null;
        }
        double perSecond = positive(key + ".rate-limit.per-second", limit.getPerSecond());
        double burst = limit.getBurst() == null ? perSecond : positive(key + ".rate-limit.burst", limit.getBurst());
        return new RateLimiter(perSecond, Math.max(1, burst), System.nanoTime());
    }

    private static double positive(String key, Double value) {
        if (value == null || !(value > 0) || value.isInfinite()) {
            throw new ConfigurationException(key + " must be a positive number of requests a second, not " + value);
        }
        return value;
    }
}
