package io.hookline.receiver.subscriptions;

import io.hookline.receiver.dispatch.AnsweringHandler;
import io.hookline.receiver.dispatch.EventPattern;
import io.hookline.receiver.dispatch.OrderKey;
import io.hookline.receiver.dispatch.RuntimeTargets;
import io.hookline.receiver.filters.Where;
import io.hookline.receiver.filters.WhereLanguage;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.sentry.SecretValues;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.StoredEvent;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions as the request path and the dispatcher see them: read whole from the store
 * (a handful of rows) after every change this process makes, and every few seconds for the
 * changes of other instances on the same database. First read when the context starts, before
 * the server listens (a store that cannot be read then stops the start), or by whatever asks
 * first, the dispatcher's first claim included; headers an earlier release stored in clear are
 * sealed just before.
 */
@Singleton
public class SubscriptionRegistry implements RuntimeTargets, ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRegistry.class);

    /**
     * A subscription with its patterns parsed, its where: compiled (null when it has none) and its
     * order key parsed (null when it has none).
     */
    private record Active(Subscription subscription, List<EventPattern> patterns, Where where, OrderKey orderBy) {}

    private final SubscriptionStore store;
    private final SecretBox box;
    private final SubscriptionsConfig config;
    private final SubscriptionHealth health;
    private final SecretValues secretValues;
    /** Null until first read. */
    private volatile List<Active> active;

    SubscriptionRegistry(SubscriptionStore store, SecretBox box, SubscriptionsConfig config, SubscriptionHealth health,
            SecretValues secretValues, Metrics metrics) {
        this.store = store;
        this.box = box;
        this.config = config;
        this.health = health;
        this.secretValues = secretValues;
        metrics.subscriptions(this::all);
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        active();
    }

    /** The subscriptions, read at the first call. */
    private List<Active> active() {
        List<Active> now = active;
        if (now == null) {
            synchronized (this) {
                if (active == null) {
                    new HeaderSealing(store, box).sealClearHeaders();
                    read();
                }
                now = active;
            }
        }
        return now;
    }

    /** Reads the subscriptions again for the changes of other instances; keeps what it has while the store is away. */
    @Scheduled(fixedDelay = "5s", initialDelay = "5s")
    public void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("Subscriptions could not be read again; delivering to the ones known: {}", e.getMessage());
        }
    }

    /** Reads the subscriptions again, after a change this process made. */
    public void reload() {
        if (active == null) {
            active();
        } else {
            read();
        }
    }

    private void read() {
        List<Active> loaded = new ArrayList<>();
        for (Subscription subscription : store.all()) {
            try {
                String orderBy = subscription.policy().orderBy();
                loaded.add(new Active(subscription, subscription.events().stream().map(EventPattern::parse).toList(),
                        subscription.where() == null ? null : WhereLanguage.compile(subscription.where()),
                        orderBy == null ? null : OrderKey.ofStored(orderBy)));
            } catch (IllegalArgumentException e) {
                LOG.error("Subscription {} has a pattern, where: or order_by that no longer compiles: {}", subscription.name(),
                        e.getMessage());
            }
        }
        active = List.copyOf(loaded);
        secretValues.held(headerValues(loaded));
    }

    /** Every header value, so that the Sentry scrubber replaces them wherever they appear. */
    private List<String> headerValues(List<Active> loaded) {
        if (!box.ready()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Active subscription : loaded) {
            try {
                values.addAll(SubscriptionHeaders.open(box, subscription.subscription()).values());
            } catch (IllegalStateException notOpen) {
                // Its deliveries fail and say why; there is nothing in clear to scrub.
            }
        }
        return values;
    }

    public List<Subscription> all() {
        return active().stream().map(Active::subscription).toList();
    }

    public Optional<Subscription> byName(String name) {
        return all().stream().filter(subscription -> subscription.name().equals(name)).findFirst();
    }

    @Override
    public List<Candidate> targets(String source, String type) {
        List<Active> now = active();
        if (now.isEmpty()) {
            return List.of();
        }
        List<Candidate> targets = new ArrayList<>(1);
        for (Active subscription : now) {
            if (subscription.subscription().enabled()
                    && subscription.patterns().stream().anyMatch(pattern -> pattern.matches(source, type))) {
                targets.add(new Candidate(new DeliveryTarget(subscription.subscription().name(), HANDLER),
                        subscription.where(), subscription.orderBy()));
            }
        }
        return targets;
    }

    @Override
    public boolean filters() {
        return active.stream().anyMatch(subscription -> subscription.subscription().enabled() && subscription.where() != null);
    }

    @Override
    public boolean ordered(String name) {
        return active().stream().anyMatch(subscription -> subscription.subscription().name().equals(name)
                && subscription.orderBy() != null);
    }

    @Override
    public Set<String> names() {
        return all().stream().map(Subscription::name).collect(Collectors.toSet());
    }

    @Override
    public Optional<Target> handler(String name) {
        return byName(name).filter(Subscription::enabled).map(subscription -> new Target(new Attempt(subscription),
                SubscriptionPolicy.timeout(subscription), SubscriptionPolicy.retries(subscription), subscription.eventForm()));
    }

    @Override
    public Duration longestTimeout() {
        return all().stream().map(SubscriptionPolicy::timeout).max(Comparator.naturalOrder())
                .orElse(SubscriptionPolicy.DEFAULT_TIMEOUT);
    }

    /** One attempt at a subscription: delivers, keeps the answer, and tells the health keeper how it went. */
    private final class Attempt implements AnsweringHandler {
        private final Subscription subscription;
        private volatile String answer;

        Attempt(Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void handle(StoredEvent event, HandlerContext context) throws Exception {
            SubscriptionDelivery delivery;
            try {
                delivery = delivery(subscription);
            } catch (IllegalStateException noKey) {
                failed(subscription);
                throw new PermanentFailureException(noKey.getMessage());
            }
            try {
                delivery.handle(event, context);
            } catch (Exception e) {
                failed(subscription);
                throw e;
            }
            answer = delivery.lastAnswer();
            try {
                if (health.succeeded(subscription)) {
                    reload();
                }
            } catch (RuntimeException e) {
                // The delivery succeeded; a health note that could not be written must not undo that.
                LOG.warn("Subscription {}: its recovery could not be noted: {}", subscription.name(), e.getMessage());
            }
        }

        @Override
        public String answer() {
            return answer;
        }
    }

    private void failed(Subscription subscription) {
        try {
            if (health.failed(subscription, Instant.now())) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warn("Subscription {}: its failure could not be noted: {}", subscription.name(), e.getMessage());
        }
    }

    /** A delivery to the subscription as it is now, signed with every key in force. */
    SubscriptionDelivery delivery(Subscription subscription) {
        List<String> secrets = new ArrayList<>();
        secrets.add(box.open(subscription.sealedSecret(), subscription.id()).orElseThrow(() -> new IllegalStateException(
                "the secret of subscription " + subscription.name() + " does not open with " + SecretBox.VARIABLE)));
        if (subscription.sealedPreviousSecret() != null && subscription.previousUntil() != null
                && Instant.now().isBefore(subscription.previousUntil())) {
            box.open(subscription.sealedPreviousSecret(), subscription.id()).ifPresent(secrets::add);
        }
        return new SubscriptionDelivery(URI.create(subscription.url()), SubscriptionHeaders.open(box, subscription),
                SigningKeys.signers(secrets), config.isAllowPrivateTargets());
    }
}
