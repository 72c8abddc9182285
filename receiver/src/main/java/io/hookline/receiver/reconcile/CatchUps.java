package io.hookline.receiver.reconcile;

import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.SourceVerifier;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each source's {@code reconcile} block, bound once at start: {@code interval} and {@code margin}
 * are the receiver's, read here; every other key is the provider's, handed to its plugin as
 * {@link CatchUpSettings} ({@link SourceVerifier#catchUp}), which refuses what it does not take. A
 * problem stops the receiver, a line for each source with one, naming the key; built by
 * {@code StartChecks} before the store opens, so {@code check} lists them too.
 */
@Singleton
public class CatchUps {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    static final Duration DEFAULT_MARGIN = Duration.ofMinutes(10);
    /** Each run costs API calls against the provider's hourly limit; more often than this buys nothing. */
    static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);

    /** One source's catch-up, with the verifier that reads what it fetches and its schedule. */
    record Bound(String provider, CatchUp catchUp, SourceVerifier verifier, Duration interval, Duration margin) {}

    private final Map<String, Bound> bySource;

    public CatchUps(List<SourceConfig> configs, Sources sources, LoadedPlugins plugins, Environment environment) {
        Map<String, Bound> bound = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (SourceConfig config : configs) {
            if (config.getReconcile() == null) {
                continue;
            }
            try {
                bound.put(config.getName(), bind(config, sources, plugins, environment));
            } catch (ConfigurationException e) {
                problems.add(e.getMessage()); // every source's first problem, not only the first source's
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
        this.bySource = Map.copyOf(bound);
    }

    /** The sources that catch up, by name. */
    Map<String, Bound> bySource() {
        return bySource;
    }

    /**
     * The problems of the blocks' own keys ({@code interval}, {@code margin}), a line for each source
     * with one: what can be checked while the sources cannot be bound.
     */
    public static List<String> scheduleProblems(List<SourceConfig> configs, ConversionService conversions) {
        List<String> problems = new ArrayList<>();
        for (SourceConfig config : configs) {
            try {
                if (config.getReconcile() != null) {
                    schedule(config, conversions);
                }
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** A source's {@code interval} and {@code margin}, checked. */
    private record Schedule(Duration interval, Duration margin) {}

    private static Schedule schedule(SourceConfig config, ConversionService conversions) {
        SourceConfig.Reconcile reconcile = config.getReconcile();
        String key = "hookline.sources." + config.getName() + ".reconcile";
        return new Schedule(interval(key + ".interval", duration(key + ".interval", reconcile.getInterval(), conversions)),
                notNegative(key + ".margin", duration(key + ".margin", reconcile.getMargin(), conversions), DEFAULT_MARGIN));
    }

    private static Bound bind(SourceConfig config, Sources sources, LoadedPlugins plugins,
            ConversionService conversions) {
        SourceConfig.Reconcile reconcile = config.getReconcile();
        String key = "hookline.sources." + config.getName() + ".reconcile";
        Schedule schedule = schedule(config, conversions);
        SourceVerifier verifier = sources.verifier(config.getName()).orElseThrow(() -> new ConfigurationException(
                key + ": source '" + config.getName() + "' is not bound to a provider"));
        Optional<CatchUp> catchUp;
        try {
            catchUp = verifier.catchUp(new CatchUpSettings(config.getName(), config.getProvider(),
                    reconcile.getProviderSettings()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        return new Bound(config.getProvider(), catchUp.orElseThrow(() -> new ConfigurationException(key + ": "
                + noCatchUp(config.getProvider(), plugins))), verifier, schedule.interval(), schedule.margin());
    }

    /**
     * Why a provider's sources cannot catch up, and where to read on: for a built-in, its sender's API
     * cannot list what it sent; a plugin's may also predate {@code SourceVerifier.catchUp}.
     */
    private static String noCatchUp(String provider, LoadedPlugins plugins) {
        if (plugins.builtIns().providers().contains(provider)) {
            return "provider '" + provider + "' has no API that lists missed webhooks, so its sources cannot catch up;"
                    + " remove the block (docs/providers.md says what to do for such a provider)";
        }
        String jar = plugins.plugins().stream().filter(plugin -> plugin.providers().contains(provider))
                .map(LoadedPlugins.PluginJar::name).findFirst().orElse("its plugin");
        return "provider '" + provider + "' (plugin " + jar + ") offers no catch-up, so its sources cannot catch up:"
                + " the plugin may be built against an older SPI (without SourceVerifier.catchUp), or its sender's API"
                + " cannot list what it sent; remove the block, or ask the plugin's author (docs/plugins.md,"
                + " \"Optional capabilities of a source\")";
    }

    /** A duration as binding reads one ({@code 10m}, {@code 1h}, {@code PT30S}); null when not given. */
    private static Duration duration(String key, String value, ConversionService conversions) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return conversions.convert(value.trim(), Duration.class).orElseThrow(() -> new ConfigurationException(key
                + ": '" + value + "' is not a duration such as 30s, 5m, 2h or 7d; correct the value"));
    }

    private static Duration interval(String key, Duration value) {
        if (value == null) {
            return DEFAULT_INTERVAL;
        }
        if (value.compareTo(SHORTEST_INTERVAL) < 0) {
            throw new ConfigurationException(key + " must be at least " + SHORTEST_INTERVAL.toMinutes()
                    + " minute (each run spends API calls from the provider's hourly limit); not " + value);
        }
        return value;
    }

    private static Duration notNegative(String key, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new ConfigurationException(key + " must not be negative; not " + value);
        }
        return value;
    }
}
