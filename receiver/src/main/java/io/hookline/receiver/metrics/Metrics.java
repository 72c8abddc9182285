package io.hookline.receiver.metrics;

import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookline's own meters, named the Prometheus way once exported: {@code hookline_requests_total}
 * (source, provider, outcome: accepted, duplicate or an error class),
 * {@code hookline_ack_latency_seconds}, {@code hookline_events} (stored events by status, the
 * queue depth), {@code hookline_handler_attempts_total} and {@code hookline_handler_duration_seconds}
 * (route, handler, outcome, error class), {@code hookline_route_in_flight} and
 * {@code hookline_route_saturated} (per route: attempts claimed and running on this instance, and 1
 * while that is its bound), {@code hookline_plugins} (loaded and skipped), {@code hookline_retention_pruned_total} (bodies, events).
 */
@Singleton
public class Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final MeterRegistry registry;
    private final EventQueries queries;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> reconciled = new ConcurrentHashMap<>();
    private final Map<String, Counter> reconcileRuns = new ConcurrentHashMap<>();
    private final Map<String, Counter> overAddressLimit = new ConcurrentHashMap<>();
    private final Timer ackLatency;
    private final Map<DeliveryStatus, AtomicLong> depth = new EnumMap<>(DeliveryStatus.class);
    private final Counter prunedBodies;
    private final Counter prunedEvents;

    public Metrics(MeterRegistry registry, EventQueries queries, LoadedPlugins plugins) {
        this.registry = registry;
        this.queries = queries;
        this.ackLatency = Timer.builder("hookline.ack.latency")
                .description("Time from a webhook's arrival to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            AtomicLong value = new AtomicLong();
            depth.put(status, value);
            Gauge.builder("hookline.events", value, AtomicLong::get).description("Stored events by status")
                    .tag("status", status.wireName()).register(registry);
        }
        Gauge.builder("hookline.plugins", plugins, loaded -> loaded.plugins().size()).tag("result", "loaded")
                .description("Plugin jars by load result").register(registry);
        Gauge.builder("hookline.plugins", plugins, loaded -> loaded.skipped().size()).tag("result", "skipped")
                .description("Plugin jars by load result").register(registry);
        prunedBodies = Counter.builder("hookline.retention.pruned").description("Rows pruned by retention")
                .tag("what", "bodies").register(registry);
        prunedEvents = Counter.builder("hookline.retention.pruned").description("Rows pruned by retention")
                .tag("what", "events").register(registry);
        refreshQueueDepth();
    }

    /** One webhook answered: accepted, duplicate, or the error class's name. */
    public void request(String source, String provider, String outcome, long startNanos) {
        requests.computeIfAbsent(source + '\0' + provider + '\0' + outcome, key -> Counter.builder("hookline.requests")
                .description("Webhook requests by source, provider and outcome")
                .tag("source", source).tag("provider", provider).tag("outcome", outcome).register(registry))
                .increment();
        ackLatency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A refused webhook answered 429 because its client address was over its budget of refusals. */
    public void refusalOverAddressLimit(String source, String provider) {
        overAddressLimit.computeIfAbsent(source + '\0' + provider,
                key -> Counter.builder("hookline.refusals.over.address.limit")
                        .description("Refused webhook requests answered 429 because their address was over its budget")
                        .tag("source", source).tag("provider", provider).register(registry))
                .increment();
    }

    /** One handler attempt. */
    public void attempt(String route, String handler, String outcome, String errorClass, Duration duration) {
        String error = errorClass == null ? "none" : errorClass;
        attempts.computeIfAbsent(route + '\0' + handler + '\0' + outcome + '\0' + error,
                key -> Counter.builder("hookline.handler.attempts").description("Handler attempts by outcome")
                        .tag("route", route).tag("handler", handler).tag("outcome", outcome).tag("error_class", error)
                        .register(registry)).increment();
        durations.computeIfAbsent(route + '\0' + handler, key -> Timer.builder("hookline.handler.duration")
                .description("Handler attempt durations").tag("route", route).tag("handler", handler)
                // buckets, so that a p95 per route can be computed across instances
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)).record(duration);
    }

    /**
     * A route's (or subscription's) attempts in flight on this instance, read when scraped, and
     * whether they are at the route's bound, so that the claimer passes the route over.
     */
    public void routeInFlight(String route, AtomicInteger inFlight, int bound) {
        Gauge.builder("hookline.route.in.flight", inFlight, AtomicInteger::get)
                .description("Attempts of a route claimed and running on this instance").tag("route", route)
                .register(registry);
        Gauge.builder("hookline.route.saturated", inFlight, running -> running.get() >= bound ? 1 : 0)
                .description("1 while a route runs as many attempts at once as it may (max-concurrent)")
                .tag("route", route).register(registry);
    }

    /**
     * What a reconciliation run found: {@code present} (stored, or delivered before), {@code recovered}
     * (redelivery accepted, or event stored) or {@code failed}.
     */
    /**
     * A reconciliation run's outcome ({@code ok}, {@code partial} or {@code failed}): a run that
     * stops (credentials, an unreachable API) repairs nothing, so only this counts it.
     */
    public void reconcileRun(String source, String provider, String outcome) {
        reconcileRuns.computeIfAbsent(source + '\0' + provider + '\0' + outcome, key -> Counter.builder("hookline.reconcile.runs")
                .description("Reconciliation runs by outcome")
                .tag("source", source).tag("provider", provider).tag("outcome", outcome).register(registry))
                .increment();
    }

    public void reconciled(String source, String provider, String outcome, int count) {
        if (count <= 0) {
            return;
        }
        reconciled.computeIfAbsent(source + '\0' + provider + '\0' + outcome, key -> Counter.builder("hookline.reconciled")
                .description("Deliveries and events looked at by reconciliation, by what became of them")
                .tag("source", source).tag("provider", provider).tag("outcome", outcome).register(registry))
                .increment(count);
    }

    /** One retention slice: bodies dropped, events deleted with their keys. */
    public void pruned(int bodies, int events) {
        prunedBodies.increment(bodies);
        prunedEvents.increment(events);
    }

    /** Reads the stored event counters by status (a few rows, not a count of the events). */
    @Scheduled(fixedDelay = "15s", initialDelay = "15s")
    public void refreshQueueDepth() {
        try {
            Map<DeliveryStatus, Long> totals = new EnumMap<>(DeliveryStatus.class);
            queries.countsBySourceAndStatus().values().forEach(bySource ->
                    bySource.forEach((status, count) -> totals.merge(status, count, Long::sum)));
            depth.forEach((status, value) -> value.set(totals.getOrDefault(status, 0L)));
        } catch (RuntimeException e) {
            LOG.warn("Queue depth could not be counted: {}", e.getMessage());
        }
    }
}
