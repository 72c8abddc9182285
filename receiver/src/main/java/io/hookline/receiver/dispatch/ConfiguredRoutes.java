package io.hookline.receiver.dispatch;

import io.hookline.receiver.plugins.LoadedPlugins;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the configuration, checked and bound to their handlers once, before the store
 * opens: an unknown handler, settings the handler refuses, a malformed match or two routes with one
 * name stop the receiver, a line for each route with a problem, each naming the key. Each handler is
 * bound once and closed once, when the receiver stops.
 */
@Singleton
public class ConfiguredRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredRoutes.class);

    private final Map<String, Route> byName;
    private final Map<String, String> keys;
    private final Map<String, String> descriptions;
    private final List<Routes.Summary> summaries;

    public ConfiguredRoutes(List<RouteConfig> configs, LoadedPlugins plugins, DispatchConfig dispatch,
            BeanProvider<CredentialHeaders> sources) {
        Set<String> credentialHeaders = credentialHeaders(sources);
        Map<String, Route> routes = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> descriptions = new TreeMap<>();
        Map<String, Routes.Summary> summaries = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<RouteConfig> ordered = new ArrayList<>(configs);
        ordered.sort(Comparator.comparingInt(RouteConfig::getIndex));
        for (RouteConfig config : ordered) {
            try {
                Route route = Routes.compile(config, plugins, dispatch, credentialHeaders);
                if (routes.putIfAbsent(route.name(), route) != null) {
                    close(route);
                    problems.add(Routes.key(config) + ".name: another route is named '" + route.name()
                            + "'; give each route its own name");
                } else {
                    keys.put(route.name(), Routes.key(config));
                    String match = EventPattern.parse(config.getMatch()).text();
                    descriptions.put(route.name(), match
                            + (config.getProvider() == null ? "" : " (provider " + config.getProvider() + ")")
                            + (route.where() == null ? "" : " where " + route.where().text())
                            + (route.orderBy() == null ? "" : " order-by " + config.getOrderBy().strip())
                            + " -> " + route.handlerId());
                    summaries.put(route.name(), new Routes.Summary(route.name(), match, config.getProvider(),
                            route.where() == null ? null : route.where().text(), route.handlerId(),
                            config.getOrderBy()));
                }
            } catch (ConfigurationException e) {
                problems.add(e.getMessage()); // every problem of every route, not only the first route's
            }
        }
        if (!problems.isEmpty()) {
            routes.values().forEach(ConfiguredRoutes::close);
            throw new ConfigurationException(String.join("\n", problems));
        }
        this.byName = Map.copyOf(routes);
        this.keys = Map.copyOf(keys);
        this.descriptions = Collections.unmodifiableMap(descriptions);
        this.summaries = List.copyOf(summaries.values());
    }

    /**
     * The credential headers of the configured sources; when the sources cannot be bound (their own
     * check says why), those dropped whatever the source, so that the routes' problems are listed too.
     */
    private static Set<String> credentialHeaders(BeanProvider<CredentialHeaders> sources) {
        try {
            return sources.get().credentialHeaders();
        } catch (RuntimeException toldBySourcesCheck) {
            return CredentialHeaders.ALWAYS;
        }
    }

    Map<String, Route> byName() {
        return byName;
    }

    /** Each route's configuration key ({@code hookline.routes[2]}) by its name. */
    Map<String, String> keys() {
        return keys;
    }

    /**
     * Each route's match pattern, {@code where}, {@code order-by} and handler
     * ({@code gh:push order-by /repository/id -> forward}) by its name, in name order.
     */
    Map<String, String> descriptions() {
        return descriptions;
    }

    /** The routes in the order of their names, as the routes panel shows them. */
    List<Routes.Summary> summaries() {
        return summaries;
    }

    /** Lets every bound handler release what it holds; the dispatcher has stopped by then. */
    @PreDestroy
    public void close() {
        byName.values().forEach(ConfiguredRoutes::close);
    }

    private static void close(Route route) {
        try {
            route.handler().close();
        } catch (Exception e) {
            LOG.warn("Route {}: its handler did not close cleanly: {}", route.name(), e.toString());
        }
    }
}
