package io.hookline.receiver.ingest;

import io.hookline.receiver.dispatch.CredentialHeaders;
import io.hookline.receiver.dispatch.SourceFetches;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.plugins.PluginBinding;
import io.hookline.receiver.rejections.ConfiguredSources;
import io.hookline.spi.EventFetch;
import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.micronaut.context.annotation.Context;
import io.hookline.receiver.operational.OperationalEvents;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configured sources, each bound to its provider. Built and checked at start: a source with
 * an unknown provider, no secret, or a name that is not a URL path segment stops the receiver
 * with the configuration key in the message, one line for each source that has a problem.
 */
@Context
public class Sources implements ConfiguredSources, SourceFetches, CredentialHeaders {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Bounds the start-up work of binding each source's scheme with others' secrets. */
    private static final int MOST_CROSS_BINDINGS = 50;
    private static final Set<String> ALWAYS_DROPPED = Stream.concat(CredentialHeaders.ALWAYS.stream(),
            Stream.of(Provenance.HEADER)).collect(Collectors.toUnmodifiableSet());

    private final Map<String, Source> byName;
    /** For each source, its provider's scheme bound with the secrets of each source of another provider. */
    private final Map<String, Map<String, SourceVerifier>> withSecretsOfOthers;
    /** Each source's fetch of full events, asked of its verifier once, at start. */
    private final Map<String, EventFetch> eventFetches;
    private final Set<String> credentialHeaders;

    public Sources(List<SourceConfig> configs, LoadedPlugins plugins) {
        Map<String, Source> sources = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (SourceConfig config : configs) {
            try {
                sources.put(config.getName(), bind(config, plugins));
            } catch (ConfigurationException e) {
                problems.add(e.getMessage()); // every source's first problem, not only the first source's
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
        this.byName = Map.copyOf(sources);
        this.withSecretsOfOthers = crossBindings(configs, plugins);
        Map<String, EventFetch> fetches = new TreeMap<>();
        byName.forEach((name, source) -> source.verifier().eventFetch().ifPresent(fetch -> fetches.put(name, fetch)));
        this.eventFetches = Map.copyOf(fetches);
        Set<String> credentials = new HashSet<>(CredentialHeaders.ALWAYS);
        byName.values().forEach(source -> credentials.addAll(source.droppedHeaders()));
        credentials.remove(Provenance.HEADER); // dropped too, but Hookline's own, not a credential
        this.credentialHeaders = Set.copyOf(credentials);
    }

    @Override
    public Set<String> credentialHeaders() {
        return credentialHeaders;
    }

    @Override
    public Optional<EventFetch> eventFetch(String source) {
        return Optional.ofNullable(eventFetches.get(source));
    }

    @Override
    public Set<String> fetchingSources() {
        return eventFetches.keySet();
    }

    Optional<Source> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** What the named source's provider made of it, for reading stored or fetched events as it would. */
    public Optional<SourceVerifier> verifier(String name) {
        return find(name).map(Source::verifier);
    }

    /**
     * A verifier of {@code source}'s own scheme holding the secrets of {@code other}: the other
     * source's verifier when both have one provider, else the source's provider bound at start with
     * the other's secrets (empty where that provider refuses those secrets, such as a secret that is
     * not in the format its scheme requires). The refusal diagnosis asks it
     * whether a request was signed with the secret of another source, whatever its provider.
     */
    public Optional<SourceVerifier> withSecretsOf(String source, String other) {
        Source own = byName.get(source);
        Source theirs = byName.get(other);
        if (own == null || theirs == null) {
            return Optional.empty();
        }
        if (own.provider().equals(theirs.provider())) {
            return Optional.of(theirs.verifier());
        }
        return Optional.ofNullable(withSecretsOfOthers.getOrDefault(source, Map.of()).get(other));
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
        if (OperationalEvents.SOURCE.equals(config.getName())) {
            throw new ConfigurationException(key + ": the source name '" + OperationalEvents.SOURCE + "' is reserved for"
                    + " Hookline's own operational events (docs/on-call.md); give this source another name");
        }
        if (config.getProvider() == null || config.getProvider().isBlank()) {
            throw new ConfigurationException(key + ".provider is required (loaded providers: "
                    + new TreeMap<>(plugins.providers()).keySet() + ")");
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

    private static Map<String, Map<String, SourceVerifier>> crossBindings(List<SourceConfig> configs,
            LoadedPlugins plugins) {
        Map<String, Map<String, SourceVerifier>> all = new TreeMap<>();
        for (SourceConfig config : configs) {
            Map<String, SourceVerifier> bound = new TreeMap<>();
            Optional<Provider> provider = plugins.provider(config.getProvider());
            for (SourceConfig other : configs) {
                if (provider.isEmpty() || other == config || config.getProvider().equals(other.getProvider())
                        || bound.size() >= MOST_CROSS_BINDINGS) {
                    continue;
                }
                List<String> secrets = other.getSecrets().stream().filter(secret -> secret != null && !secret.isEmpty())
                        .toList();
                try {
                    bound.put(other.getName(), PluginBinding.bind(provider.get(),
                            new SourceSettings(config.getName(), provider.get().id(), secrets, config.getSettings())));
                } catch (RuntimeException refused) {
                    // This provider cannot hold that secret (another format): it cannot have signed with it either.
                }
            }
            all.put(config.getName(), Map.copyOf(bound));
        }
        return Map.copyOf(all);
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
