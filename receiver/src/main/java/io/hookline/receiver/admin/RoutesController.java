package io.hookline.receiver.admin;

import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.subscriptions.SubscriptionRegistry;
import io.hookline.store.BlockedKeys;
import io.hookline.store.RouteDeliveries;
import io.hookline.store.Subscription;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/routes}: every configured route, then every subscription, with its match, its
 * handler, its circuit breaker on this instance, its deliveries pending, retrying and dead, and its
 * last failure. The counts and the failure come from the store, so every instance answers the same
 * for them; each is a bounded index seek ({@link RouteDeliveries}). The breaker is this instance's.
 * A route with {@code order-by} also lists its keys held by a delivery not running ({@link BlockedKeys}).
 */
@Controller("/admin/routes")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RoutesController {

    private final Routes routes;
    private final RouteDeliveries deliveries;
    private final SubscriptionRegistry subscriptions;
    private final BlockedKeys blockedKeys;

    public RoutesController(Routes routes, RouteDeliveries deliveries, @Nullable SubscriptionRegistry subscriptions,
            BlockedKeys blockedKeys) {
        this.routes = routes;
        this.blockedKeys = blockedKeys;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
    }

    @Get
    public AdminViews.RoutesHealth list() {
        List<AdminViews.RouteHealth> all = new ArrayList<>();
        for (Routes.Summary route : routes.summaries()) {
            all.add(health(route.name(), "route", List.of(route.match()), route.where(), route.provider(), route.handler(),
                    true, route.orderBy()));
        }
        if (subscriptions != null) {
            for (Subscription subscription : subscriptions.all()) {
                all.add(health(subscription.name(), "subscription", subscription.events(), subscription.where(), null,
                        "subscription", subscription.enabled(), subscription.policy().orderBy()));
            }
        }
        return new AdminViews.RoutesHealth(all);
    }

    private AdminViews.RouteHealth health(String name, String kind, List<String> match, String where, String provider,
            String handler, boolean enabled, String orderBy) {
        RouteDeliveries.Health health = deliveries.health(name);
        RouteDeliveries.Failure last = health.lastFailure();
        return new AdminViews.RouteHealth(name, kind, match, where, provider, handler, enabled,
                AdminViews.Breaker.of(routes.breaker(name)),
                new AdminViews.Deliveries(health.pending(), health.retrying(), health.dead(), RouteDeliveries.COUNT_BOUND),
                last == null ? null : new AdminViews.Failure(last.at(), last.errorClass(), last.message(), last.eventId()),
                orderBy, orderBy == null ? List.of() : blockedKeys.of(name).stream().map(AdminViews.BlockedKey::of).toList(),
                BlockedKeys.LIMIT);
    }
}
