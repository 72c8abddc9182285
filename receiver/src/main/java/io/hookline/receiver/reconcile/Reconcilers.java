package io.hookline.receiver.reconcile;

import io.hookline.receiver.ingest.Intake;
import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.store.ReconcileLog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
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
 * {@code interval} and {@code margin} are the receiver's; every other key of the block is the
 * provider's, handed to its plugin's catch-up ({@link SourceVerifier#catchUp}).
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

    public Reconcilers(List<SourceConfig> configs, Sources sources, Intake intake, ReconcileLog log, Reports reports,
            OperationalEvents operational, Metrics metrics, Environment environment) {
        Instant processStart = Instant.now();
        Clock clock = Clock.systemUTC();
        Map<String, SourceReconciliation> built = new TreeMap<>();
        for (SourceConfig config : configs) {
            if (config.getReconcile() == null) {
                continue;
            }
            Checked checked = checked(config, sources, environment);
            built.put(config.getName(), new SourceReconciliation(config.getName(), config.getProvider(),
                    checked.catchUp(), sources.verifier(config.getName()).orElseThrow(), checked.interval(),
                    checked.margin(), processStart, log, intake, reports, operational, metrics, clock));
        }
        this.bySource = Map.copyOf(built);
    }

    /**
     * Every problem of the sources' {@code reconcile} blocks, a line for each source with one, found
     * without the store, as the constructor finds them: run before the store opens ({@code StartChecks}).
     */
    public static List<String> problems(List<SourceConfig> configs, Sources sources, ConversionService conversions) {
        List<String> problems = new ArrayList<>();
        for (SourceConfig config : configs) {
            if (config.getReconcile() == null) {
                continue;
            }
            try {
                checked(config, sources, conversions);
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** A source's {@code reconcile} block, each value checked: the one place both the start and its checks read it. */
    private record Checked(CatchUp catchUp, Duration interval, Duration margin) {}

    /**
     * Reads the block of a source that has one: the schedule here, the rest by the source's provider,
     * which refuses what it does not take ({@link SourceVerifier#catchUp}).
     */
    private static Checked checked(SourceConfig config, Sources sources, ConversionService conversions) {
        SourceConfig.Reconcile reconcile = config.getReconcile();
        String key = "hookline.sources." + config.getName() + ".reconcile";
        Duration interval = interval(key + ".interval", duration(key + ".interval", reconcile.getInterval(), conversions));
        Duration margin = notNegative(key + ".margin", duration(key + ".margin", reconcile.getMargin(), conversions),
                DEFAULT_MARGIN);
        SourceVerifier verifier = sources.verifier(config.getName()).orElseThrow(() -> new ConfigurationException(
                key + ": source '" + config.getName() + "' is not bound to a provider"));
        Optional<CatchUp> catchUp;
        try {
            catchUp = verifier.catchUp(new CatchUpSettings(config.getName(), config.getProvider(),
                    reconcile.getProviderSettings()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        return new Checked(catchUp.orElseThrow(() -> unsupported(key, config)), interval, margin);
    }

    private static ConfigurationException unsupported(String key, SourceConfig config) {
        return new ConfigurationException(key + ": provider '" + config.getProvider()
                + "' has no API that lists missed webhooks, so its sources cannot catch up; remove the block"
                + " (docs/providers.md says what to do for such a provider)");
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
