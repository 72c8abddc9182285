package io.hookline.receiver.subscriptions;

import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.Reports;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per subscription, since when every delivery has failed, and disables one that has failed
 * for {@code hookline.subscriptions.disable-after}: one log line, one Sentry warning, the reason in
 * the admin API. Written only when a subscription changes between working and failing, not on every
 * attempt.
 */
@Singleton
class SubscriptionHealth {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHealth.class);

    private final SubscriptionStore store;
    private final Reports reports;
    private final Duration disableAfter;
    // Through a provider: the operational events need the routes, which need the subscriptions.
    private final BeanProvider<OperationalEvents> operational;

    SubscriptionHealth(SubscriptionStore store, Reports reports, SubscriptionsConfig config,
            BeanProvider<OperationalEvents> operational) {
        this.operational = operational;
        this.store = store;
        this.reports = reports;
        this.disableAfter = config.getDisableAfter();
    }

    /** Answers whether the registry should read the subscriptions again. */
    boolean succeeded(Subscription subscription) {
        if (subscription.failingSince() == null) {
            return false;
        }
        store.working(subscription.id()).join();
        return true;
    }

    /** Answers whether the registry should read the subscriptions again. */
    boolean failed(Subscription subscription, Instant now) {
        Instant since = subscription.failingSince();
        if (since == null) {
            store.failing(subscription.id(), now).join();
            return true;
        }
        if (Duration.between(since, now).compareTo(disableAfter) < 0) {
            return false;
        }
        String reason = "every delivery has failed since " + since + " (hookline.subscriptions.disable-after: "
                + disableAfter + "); enable it again with PATCH {\"enabled\": true} and replay its dead deliveries";
        if (store.disable(subscription.id(), reason, now).join()) {
            LOG.warn("Subscription {} is disabled: {}", subscription.name(), reason);
            reports.subscriptionDisabled(subscription.name(), reason);
            operational.get().subscriptionDisabled(subscription.name(), reason);
        }
        return true;
    }
}
