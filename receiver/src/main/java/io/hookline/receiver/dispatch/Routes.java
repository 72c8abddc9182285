package io.hookline.receiver.dispatch;

import dev.failsafe.CircuitBreaker;
import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.filters.Where;
import io.hookline.receiver.filters.WhereLanguage;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.receiver.plugins.PluginBinding;
import io.hookline.spi.EventHandler;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.store.DeliveryTarget;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The configured routes ({@link ConfiguredRoutes}, checked and bound before the store opens) and the
 * subscriptions, which an event goes to. A route with a subscription's name stops the start: checked
 * once the context has started (the subscriptions are read then), before the {@link Dispatcher} claims.
 */
@Singleton
public class Routes implements ApplicationEventListener<StartupEvent>, Ordered {

    /** Before the dispatcher's start ({@link Dispatcher#getOrder}). */
    static final int START_ORDER = HIGHEST_PRECEDENCE;

    /** Route and subscription names: letters, digits, '.', '-' or '_', up to 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ANY = Pattern.compile(".*", Pattern.DOTALL);

    private final Map<String, Route> byName;
    private final Map<String, String> keys;
    private final Map<String, String> descriptions;
    private final List<Summary> summaries;
    private final List<Route> inNameOrder;
    private final RuntimeTargets runtime;
    private final DispatchConfig dispatch;
    private final Metrics metrics;
    private final boolean configuredFilters;
    private final Map<String, CircuitBreaker<Object>> runtimeBreakers = new ConcurrentHashMap<>();

    public Routes(ConfiguredRoutes configured, DispatchConfig dispatch, Metrics metrics,
            @Nullable RuntimeTargets runtime) {
        this.runtime = runtime;
        this.dispatch = dispatch;
        this.keys = configured.keys();
        this.metrics = metrics;
        this.descriptions = configured.descriptions();
        this.summaries = configured.summaries();
        this.byName = configured.byName();
        this.inNameOrder = List.copyOf(new TreeMap<>(byName).values());
        this.configuredFilters = inNameOrder.stream().anyMatch(route -> route.where() != null);
    }

    /** Refuses to start when a configured route has a subscription's name: a delivery could not tell them apart. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (runtime == null) {
            return;
        }
        Set<String> subscriptions = runtime.names();
        keys.forEach((name, key) -> {
            if (subscriptions.contains(name)) {
                throw new ConfigurationException(key + ".name: a subscription is named '" + name
                        + "'; rename the route (or the subscription, through the admin API)");
            }
        });
    }

    @Override
    public int getOrder() {
        return START_ORDER;
    }

    /**
     * The routes an event goes to, in the order of their names, then the subscriptions that want it:
     * those whose patterns take its source, provider and type, and whose {@code where:}, if any, holds
     * for it. A {@code where:} that fails on the event takes it not, is counted, and leaves a note.
     * Each target of a route or subscription with {@code order-by} carries the event's key.
     */
    public Routing route(EventFacts event) {
        Routing routing = reroute(event);
        routing.whereFailed().forEach(metrics::routeFilterFailed);
        return routing;
    }

    /**
     * Where a stored event goes now, as {@link #route} says, but counting none of the {@code where:}
     * failures: a replay counts those of the routes it would have queued, and a dry run none.
     */
    public Routing reroute(EventFacts event) {
        List<RuntimeTargets.Candidate> candidates = matching(event.source(), event.provider(), event.type());
        // Every where: to be tested and every key to be read is known before the first: the body is
        // parsed once, for all of them.
        for (RuntimeTargets.Candidate candidate : candidates) {
            if (candidate.where() != null) {
                event.willRead(candidate.where());
            }
            if (candidate.orderBy() != null) {
                candidate.orderBy().willRead(event);
            }
        }
        List<DeliveryTarget> targets = new ArrayList<>(candidates.size());
        List<String> notes = new ArrayList<>(0);
        List<String> failed = new ArrayList<>(0);
        for (RuntimeTargets.Candidate candidate : candidates) {
            String name = candidate.target().route();
            Where.Verdict verdict = candidate.where() == null ? null : candidate.where().test(event);
            if (verdict != null && verdict.failed()) {
                failed.add(name);
                notes.add(inNote(name) + ": where failed: " + verdict.failure());
            }
            if (verdict == null || verdict.matched()) {
                OrderKey.Keyed keyed = candidate.orderBy() == null ? null : candidate.orderBy().keyed(event);
                if (keyed != null && keyed.failure() != null) {
                    notes.add(inNote(name) + ": order-by failed: " + keyed.failure() + " (delivered in no particular order)");
                }
                targets.add(candidate.of(keyed));
            }
        }
        return new Routing(targets, notes, failed);
    }

    /** A route or subscription as an event's note names it: {@code route gh-main}, {@code subscription billing}. */
    private String inNote(String name) {
        return (byName.containsKey(name) ? "route " : "subscription ") + name;
    }

    /**
     * The routes and subscriptions whose patterns take an event of this source, provider and type,
     * before any {@code where:} is tested: those it may go to.
     */
    public List<DeliveryTarget> candidates(String source, String provider, String type) {
        return matching(source, provider, type).stream().map(RuntimeTargets.Candidate::target).toList();
    }

    /** The routes, in the order of their names, then the subscriptions, whose patterns take the event. */
    private List<RuntimeTargets.Candidate> matching(String source, String provider, String type) {
        List<RuntimeTargets.Candidate> candidates = new ArrayList<>(1);
        for (Route route : inNameOrder) {
            if (route.matches(source, provider, type)) {
                candidates.add(new RuntimeTargets.Candidate(route.target(), route.where(), route.orderBy()));
            }
        }
        if (runtime != null) {
            candidates.addAll(runtime.targets(source, type));
        }
        return candidates;
    }

    /** Whether some route or enabled subscription has a {@code where:}, which needs the event itself. */
    public boolean filters() {
        return configuredFilters || runtime != null && runtime.filters();
    }

    /** Whether the named route delivers in order per key: its claims are kept apart from other instances'. */
    boolean ordered(String name) {
        Route configuredRoute = byName.get(name);
        return configuredRoute != null ? configuredRoute.orderBy() != null : runtime != null && runtime.ordered(name);
    }

    /** Whether a configured route has this name: a subscription may not take it. */
    public boolean configured(String name) {
        return byName.containsKey(name);
    }

    /** Whether a configured route or a subscription (enabled or not) has this name. */
    public boolean known(String name) {
        return byName.containsKey(name) || runtime != null && runtime.names().contains(name);
    }

    /**
     * The configured route of this name, or the subscription's, with a circuit breaker of its own
     * that outlives changes to the subscription; empty when neither is there (or it is disabled).
     */
    Optional<Route> byName(String name) {
        Route configuredRoute = byName.get(name);
        if (configuredRoute != null || runtime == null) {
            return Optional.ofNullable(configuredRoute);
        }
        return runtime.handler(name).map(target -> new Route(name, ANY, ANY, null, null, RuntimeTargets.HANDLER,
                target.handler(), Map.of(), target.timeout(), target.retries(),
                runtimeBreakers.computeIfAbsent(name, n -> breaker(dispatch)), dispatch.defaultMaxConcurrent(), null));
    }

    /**
     * How many attempts of this route may run at once on this instance: the configured route's
     * bound, or the default for a subscription (and for a route no longer configured).
     */
    int maxConcurrent(String name) {
        Route configuredRoute = byName.get(name);
        return configuredRoute != null ? configuredRoute.maxConcurrent() : dispatch.defaultMaxConcurrent();
    }

    /** The longest attempt any route or subscription allows. */
    Duration longestTimeout() {
        Duration longest = byName.values().stream().map(Route::timeout).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        Duration runtimeLongest = runtime == null ? Duration.ZERO : runtime.longestTimeout();
        return runtimeLongest.compareTo(longest) > 0 ? runtimeLongest : longest;
    }

    /**
     * Each route's name with its match pattern, {@code where} and {@code order-by} when it has them,
     * and handler ({@code gh:pull_request.* order-by /pull_request/number -> forward}), for the start-up report.
     */
    public Map<String, String> describe() {
        return descriptions;
    }

    /** The configured routes in the order of their names, as the routes panel shows them. */
    public List<Summary> summaries() {
        return summaries;
    }

    /**
     * The circuit breaker of the named route or subscription on this instance, read without
     * changing it; closed for a subscription that has not been attempted here yet.
     */
    public BreakerState breaker(String name) {
        Route configuredRoute = byName.get(name);
        return BreakerState.of(configuredRoute != null ? configuredRoute.breaker() : runtimeBreakers.get(name), Instant.now());
    }

    /**
     * A configured route: its name, its match pattern ({@code gh:pull_request.*}), the provider it
     * is limited to or null, its {@code where:} or null, its handler, and what its deliveries are
     * ordered by or null.
     */
    public record Summary(String name, String match, String provider, String where, String handler, String orderBy) {}

    /**
     * @param credentialHeaders the headers no event keeps because they carry credentials, of any
     *     configured source ({@link CredentialHeaders}): an {@code order-by} cannot name one
     */
    static Route compile(RouteConfig config, LoadedPlugins plugins, DispatchConfig dispatch,
            Set<String> credentialHeaders) {
        String key = key(config);
        // Every problem of the route in one start, not only its first: each check that does not need
        // another's result runs whatever the others found.
        List<String> problems = new ArrayList<>();
        EventHandler handler = null;
        if (config.getHandler() == null || config.getHandler().isBlank()) {
            problems.add(key + ".handler is required (loaded handlers: " + new TreeMap<>(plugins.handlers()).keySet() + ")");
        } else {
            handler = plugins.handlers().get(config.getHandler());
            if (handler == null) {
                problems.add(key + ".handler: no handler '" + config.getHandler() + "' is loaded (loaded: "
                        + new TreeMap<>(plugins.handlers()).keySet() + ")");
            }
        }
        String name = config.getName() == null ? config.getHandler() : config.getName();
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(key + ".name: '" + name + "' must be letters, digits, '.', '-' or '_'");
        }
        EventPattern match = null;
        try {
            match = EventPattern.parse(config.getMatch());
        } catch (IllegalArgumentException e) {
            problems.add(key + ".match: " + e.getMessage());
        }
        Where where = null;
        if (config.getWhere() != null) {
            try {
                where = WhereLanguage.compile(config.getWhere());
            } catch (IllegalArgumentException e) {
                problems.add(key + ".where" + named(config) + ": " + e.getMessage());
            }
        }
        if (config.getTimeout() == null || config.getTimeout().isNegative() || config.getTimeout().isZero()) {
            problems.add(key + ".timeout must be positive");
        }
        int maxConcurrent = config.getMaxConcurrent() == null ? dispatch.defaultMaxConcurrent() : config.getMaxConcurrent();
        if (maxConcurrent < 1 || maxConcurrent > dispatch.getWorkers()) {
            problems.add(key + ".max-concurrent must be from 1 to hookline.dispatch.workers ("
                    + dispatch.getWorkers() + "), not " + maxConcurrent);
        }
        OrderKey orderBy = null;
        if (config.getOrderBy() != null) {
            try {
                orderBy = OrderKey.parse(config.getOrderBy(), credentialHeaders);
            } catch (IllegalArgumentException e) {
                problems.add(key + ".order-by" + named(config) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
        RouteHandler bound;
        try {
            bound = PluginBinding.bind(handler, new RouteSettings(name, key, config.getSettings(), config.getTimeout()));
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new ConfigurationException(message.startsWith("hookline.") ? message : key + ".settings." + message, e);
        }
        RetrySchedule retries = config.getRetryDelays() == null ? RetrySchedule.DEFAULT
                : new RetrySchedule(config.getRetryDelays());
        return new Route(name, match.source(), match.type(), config.getProvider(), where, config.getHandler(), bound,
                Map.copyOf(config.getSettings()), config.getTimeout(), retries, breaker(dispatch), maxConcurrent,
                orderBy);
    }

    private static CircuitBreaker<Object> breaker(DispatchConfig dispatch) {
        return CircuitBreaker.builder()
                .withFailureThreshold(dispatch.getBreakerFailures())
                .withDelay(dispatch.getBreakerDelay())
                .build();
    }

    /**
     * The route's own name, for a message about a long setting ({@code where:}, {@code order-by}) that a
     * reader finds faster by name than by counting entries; nothing when it has none of its own.
     */
    private static String named(RouteConfig config) {
        return config.getName() == null ? "" : " (route '" + config.getName() + "')";
    }

    static String key(RouteConfig config) {
        return "hookline.routes[" + config.getIndex() + "]";
    }

    /**
     * A glob where {@code *} is any run of characters, whatever they are (line terminators too: a
     * sender may put one in a type, and {@code *} must still match it), and everything else is literal.
     */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
