package io.hookline.receiver.metrics;

import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventQueries;
import io.hookline.store.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookline's own meters, named the Prometheus way once exported: {@code hookline_requests_total}
 * (source, provider, outcome: accepted, duplicate or an error class),
 * {@code hookline_ack_latency_seconds} (per source, arrival to answer of the webhooks stored),
 * {@code hookline_events} (stored events by status, the queue depth),
 * {@code hookline_oldest_due_delivery_age_seconds}, {@code hookline_handler_attempts_total} and
 * {@code hookline_handler_duration_seconds} (route, handler, outcome, error class),
 * {@code hookline_stored_to_delivered_seconds} (per route, the event's commit to its delivery's
 * success), {@code hookline_route_in_flight} and {@code hookline_route_saturated} (per route: attempts
 * claimed and running on this instance, and 1 while that is its bound), {@code hookline_ready} and
 * {@code hookline_ready_check} (readiness and each of its checks, 1 or 0),
 * {@code hookline_store_writes_refused_total}, {@code hookline_subscriptions} (by state),
 * {@code hookline_plugins} (loaded and skipped), {@code hookline_retention_pruned_total} (bodies, events),
 * {@code hookline_route_filter_errors_total} (per route or subscription: events its {@code where:} failed on,
 * when they arrived and again on a replay that would have queued it).
 */
@Singleton
public class Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    private static final Set<String> STORED = Set.of("accepted", "duplicate");

    private final MeterRegistry registry;
    private final EventQueries queries;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> reconciled = new ConcurrentHashMap<>();
    private final Map<String, Counter> reconcileRuns = new ConcurrentHashMap<>();
    private final Map<String, Counter> overAddressLimit = new ConcurrentHashMap<>();
    private final Map<String, Counter> filterErrors = new ConcurrentHashMap<>();
    private final Map<String, Timer> ackLatency = new ConcurrentHashMap<>();
    private final Map<String, Timer> storedToDelivered = new ConcurrentHashMap<>();
    private final DeliveryQueue deliveries;
    private final Clock clock = Clock.systemUTC();
    private final Map<DeliveryStatus, AtomicLong> depth = new EnumMap<>(DeliveryStatus.class);
    private final Counter prunedBodies;
    private final Counter prunedEvents;

    public Metrics(MeterRegistry registry, EventQueries queries, DeliveryQueue deliveries, Database database,
            LoadedPlugins plugins) {
        this.registry = registry;
        this.queries = queries;
        this.deliveries = deliveries;
        Gauge.builder("hookline.oldest.due.delivery.age", this, Metrics::oldestDueAge).baseUnit("seconds")
                .description("How long the delivery that has waited longest since it came due has waited, 0 when none is due")
                .register(registry);
        FunctionCounter.builder("hookline.store.writes.refused", database, Database::refusedWrites)
                .description("Writes the store refused: failed commits, a full write queue or backlog of bodies")
                .register(registry);
        for (DeliveryStatus status : DeliveryStatus.ofEvents()) {
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
    }

    /** Counts the queue depth as the context starts, before the server listens: the first scrape shows it. */
    @EventListener
    public void onStartup(StartupEvent event) {
        refreshQueueDepth();
    }

    /**
     * One webhook answered: accepted, duplicate, or the error class's name. The time to the answer
     * is kept for the ones stored (accepted or duplicate): that is what a sender waits for, and a
     * refusal's quick 401 would hide a slow store.
     */
    public void request(String source, String provider, String outcome, long startNanos) {
        requests.computeIfAbsent(source + '\0' + provider + '\0' + outcome, key -> Counter.builder("hookline.requests")
                .description("Webhook requests by source, provider and outcome")
                .tag("source", source).tag("provider", provider).tag("outcome", outcome).register(registry))
                .increment();
        if (STORED.contains(outcome)) {
            ackLatency.computeIfAbsent(source, key -> Timer.builder("hookline.ack.latency")
                    .description("Time from a webhook's arrival to its answer, for the webhooks stored")
                    .tag("source", source)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The {@code where:} of a route or subscription failed on an event, which it therefore did not take. */
    public void routeFilterFailed(String route) {
        filterErrors.computeIfAbsent(route, key -> Counter.builder("hookline.route.filter.errors")
                .description("Events on which a route's or subscription's where: failed (counted as no match)")
                .tag("route", route).register(registry)).increment();
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
     * A delivery succeeded: how long after its event was stored (and acknowledged). A replayed
     * event counts from its first arrival too, so a bulk replay of old events shows as a spike.
     */
    public void delivered(String route, Instant storedAt, Instant deliveredAt) {
        Duration after = Duration.between(storedAt, deliveredAt);
        storedToDelivered.computeIfAbsent(route, key -> Timer.builder("hookline.stored.to.delivered")
                .description("Time from an event's commit to the success of its delivery on a route").tag("route", route)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(6))
                .register(registry)).record(after.isNegative() ? Duration.ZERO : after);
    }

    /** A readiness check's last result, and readiness as a whole: 1 up, 0 down. */
    public void readiness(Map<String, AtomicBoolean> checks) {
        checks.forEach((check, up) -> Gauge.builder("hookline.ready.check", up, value -> value.get() ? 1 : 0)
                .description("A readiness check's last result: 1 up, 0 down").tag("check", check).register(registry));
        Gauge.builder("hookline.ready", checks, all -> all.values().stream().allMatch(AtomicBoolean::get) ? 1 : 0)
                .description("Readiness (GET /health/readiness) at its last check: 1 ready, 0 not")
                .strongReference(true).register(registry);
    }

    /**
     * The subscriptions by state, read from what the registry holds when scraped: enabled, disabled
     * by an operator, and disabled by Hookline because every delivery failed for disable-after.
     */
    public void subscriptions(Supplier<List<Subscription>> subscriptions) {
        subscriptionGauge(subscriptions, "enabled", Subscription::enabled);
        subscriptionGauge(subscriptions, "disabled", s -> !s.enabled() && s.disabledReason() == null);
        subscriptionGauge(subscriptions, "disabled_failing", s -> !s.enabled() && s.disabledReason() != null);
    }

    private void subscriptionGauge(Supplier<List<Subscription>> subscriptions, String state, Predicate<Subscription> in) {
        // Held strongly: a gauge holds its object weakly, and nothing else holds this supplier.
        Gauge.builder("hookline.subscriptions", subscriptions, all -> all.get().stream().filter(in).count())
                .description("Subscriptions by state; disabled_failing: disabled by Hookline after failing")
                .tag("state", state).strongReference(true).register(registry);
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
     * A reconciliation run's outcome ({@code ok}, {@code partial} or {@code failed}): a run that
     * stops (credentials, an unreachable API) repairs nothing, so only this counts it.
     */
    public void reconcileRun(String source, String provider, String outcome) {
        reconcileRuns.computeIfAbsent(source + '\0' + provider + '\0' + outcome, key -> Counter.builder("hookline.reconcile.runs")
                .description("Reconciliation runs by outcome")
                .tag("source", source).tag("provider", provider).tag("outcome", outcome).register(registry))
                .increment();
    }

    /**
     * What a reconciliation run found: {@code present} (stored, or delivered before), {@code recovered}
     * (redelivery accepted, or event stored) or {@code failed}.
     */
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

    /**
     * Seconds since the oldest due delivery came due, read when scraped (two index seeks per route
     * with deliveries to run): 0 when nothing is due, NaN while the store cannot be read.
     */
    private double oldestDueAge() {
        try {
            Optional<Instant> due = deliveries.oldestDue();
            if (due.isEmpty()) {
                return 0;
            }
            long waited = clock.millis() - due.get().toEpochMilli();
            return waited <= 0 ? 0 : waited / 1000.0;
        } catch (RuntimeException e) {
            LOG.warn("The oldest due delivery could not be read: {}", e.getMessage());
            return Double.NaN;
        }
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
