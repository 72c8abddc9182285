package io.hookline.receiver.reconcile;

import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.Reports;
import io.hookline.store.ReconcileLog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sources with a {@code reconcile} block, checked at start (a key that does not fit the
 * provider stops the receiver, naming it), and their runs: one as soon as the server listens, then
 * one every {@code interval}, on one thread of their own so that webhooks never wait for them.
 */
@Context
public class Reconcilers implements ApplicationEventListener<ServerStartupEvent> {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    static final Duration DEFAULT_MARGIN = Duration.ofMinutes(10);
    /** Each run costs API calls against the provider's hourly limit; more often than this buys nothing. */
    static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, SourceReconciliation> bySource;
    private final ScheduledExecutorService runs = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hookline-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    public Reconcilers(List<SourceConfig> configs, Sources sources, Intake intake, ReconcileLog log, Reports reports, OperationalEvents operational, Metrics metrics, JsonMapper json) {
        Instant processStart = Instant.now();
        Clock clock = Clock.systemUTC();
        Map<String, SourceReconciliation> built = new TreeMap<>();
        for (SourceConfig config : configs) {
            if (config.getReconcile() == null) {
                continue;
            }
            Checked checked = checked(config);
            ProviderReconciler reconciler = switch (config.getProvider()) {
                case "github" -> new GitHubReconciler(config.getName(),
                        new GitHubDeliveries(checked.apiUrl(), checked.hook(), checked.credential(), json), log, clock);
                default -> new StripeReconciler(config.getName(), config.getProvider(),
                        new StripeEvents(checked.apiUrl(), checked.credential()),
                        sources.verifier(config.getName()).orElseThrow(), log, intake);
            };
            built.put(config.getName(), new SourceReconciliation(config.getName(), config.getProvider(), reconciler,
                    checked.interval(), checked.margin(), processStart, log, reports, operational, metrics, clock));
        }
        this.bySource = Map.copyOf(built);
    }

    /**
     * Every problem of the sources' {@code reconcile} blocks, a line for each source with one, found
     * without the store, as the constructor finds them: run before the store opens ({@code StartChecks}).
     */
    public static List<String> problems(List<SourceConfig> configs) {
        List<String> problems = new ArrayList<>();
        for (SourceConfig config : configs) {
            if (config.getReconcile() == null) {
                continue;
            }
            try {
                checked(config);
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** A source's {@code reconcile} block, each value checked: the one place both the start and its checks read it. */
    private record Checked(URI apiUrl, String hook, String credential, Duration interval, Duration margin) {}

    /** Reads the block of a source that has one; a github or stripe source only. */
    private static Checked checked(SourceConfig config) {
        SourceConfig.Reconcile reconcile = config.getReconcile();
        String key = "hookline.sources." + config.getName() + ".reconcile";
        URI apiUrl;
        String hook = null;
        String credential;
        switch (String.valueOf(config.getProvider())) {
            case "github" -> {
                apiUrl = apiUrl(key, reconcile, GitHubDeliveries.PUBLIC_API);
                hook = hook(key, reconcile);
                credential = required(key + ".token", reconcile.getToken());
            }
            case "stripe" -> {
                unused(key + ".token", reconcile.getToken(), "GitHub's; Stripe takes api-key");
                unused(key + ".hook", reconcile.getHook(), "GitHub's");
                apiUrl = apiUrl(key, reconcile, StripeEvents.PUBLIC_API);
                credential = required(key + ".api-key", reconcile.getApiKey());
            }
            default -> throw unsupported(key, config);
        }
        return new Checked(apiUrl, hook, credential, interval(key + ".interval", reconcile.getInterval()),
                notNegative(key + ".margin", reconcile.getMargin(), DEFAULT_MARGIN));
    }

    private static ConfigurationException unsupported(String key, SourceConfig config) {
        return new ConfigurationException(key + ": provider '" + config.getProvider()
                + "' has no API that lists missed webhooks; only github and stripe sources reconcile"
                + " (docs/providers.md says what to do for the others)");
    }

    /** The named source's reconciliation, if it has a {@code reconcile} block. */
    public Optional<SourceReconciliation> find(String source) {
        return Optional.ofNullable(bySource.get(source));
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        bySource.values().forEach(source -> {
            runs.execute(() -> source.runOnSchedule("start"));
            long every = source.interval().toMillis();
            runs.scheduleWithFixedDelay(() -> source.runOnSchedule("interval"), every, every, TimeUnit.MILLISECONDS);
        });
    }

    @PreDestroy
    void stop() {
        runs.shutdownNow();
    }

    private static URI apiUrl(String key, SourceConfig.Reconcile reconcile, String fallback) {
        String given = reconcile.getApiUrl() == null || reconcile.getApiUrl().isBlank() ? fallback : reconcile.getApiUrl();
        try {
            URI uri = URI.create(given.trim());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ".api-url must be an http or https URL such as " + fallback
                    + "; not '" + given + "'");
        }
    }

    private static String hook(String key, SourceConfig.Reconcile reconcile) {
        unused(key + ".api-key", reconcile.getApiKey(), "Stripe's; GitHub takes token");
        String hook = required(key + ".hook", reconcile.getHook()).trim();
        if (!GitHubDeliveries.HOOK.matcher(hook).matches()) {
            throw new ConfigurationException(key + ".hook must be repos/OWNER/REPO/hooks/ID or orgs/ORG/hooks/ID; not '"
                    + hook + "'");
        }
        return hook;
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + " is required (from the environment, like every secret)");
        }
        return value.trim();
    }

    private static void unused(String key, String value, String whose) {
        if (value != null && !value.isBlank()) {
            throw new ConfigurationException(key + " does not apply to this source's provider: it is " + whose);
        }
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
