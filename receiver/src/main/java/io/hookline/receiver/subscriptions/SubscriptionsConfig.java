package io.hookline.receiver.subscriptions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.hookline.store.Subscription;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** {@code hookline.subscriptions.*}: the rules every subscription follows. */
@ConfigurationProperties("hookline.subscriptions")
public class SubscriptionsConfig {

    /** What a subscription may get of a thin event: the notification as received, or the fetched full event. */
    public static final Set<String> EVENT_FORMS = Set.of("notification", "fetched");

    private boolean allowPrivateTargets;
    private Duration rotationGrace = Duration.ofHours(24);
    private Duration disableAfter = Duration.ofDays(5);
    private String eventForm;

    /**
     * Whether a target may resolve to an address that is not globally reachable (loopback, private,
     * link-local…: {@link SpecialAddresses}); off, so that a subscription cannot be made into a
     * probe of the internal network.
     */
    public boolean isAllowPrivateTargets() {
        return allowPrivateTargets;
    }

    public void setAllowPrivateTargets(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** How long the previous secret still signs after a rotation; 24 hours unless set. */
    public Duration getRotationGrace() {
        return rotationGrace;
    }

    public void setRotationGrace(Duration rotationGrace) {
        this.rotationGrace = rotationGrace;
    }

    /**
     * How long every delivery to a subscription may fail before Hookline disables it (one Sentry
     * warning, a mark in the admin API and on the dashboard); 5 days unless set.
     */
    public Duration getDisableAfter() {
        return disableAfter;
    }

    public void setDisableAfter(Duration disableAfter) {
        this.disableAfter = disableAfter;
    }

    /**
     * What every subscription gets of an event whose source fetches full events (a provider setting,
     * docs/providers.md): {@code notification}, the body as received (the default), or
     * {@code fetched}, the full event fetched once from the sender's API. The default of the
     * subscriptions that do not set their own {@code event_form}. Read by the dispatcher.
     */
    public String getEventForm() {
        return eventForm;
    }

    public void setEventForm(String eventForm) {
        this.eventForm = eventForm;
    }

    /** The form the subscription gets: its own {@code event_form}, else this default. */
    public String eventForm(Subscription subscription) {
        if (subscription.eventForm() != null) {
            return subscription.eventForm();
        }
        return eventForm == null ? "notification" : eventForm.trim().toLowerCase(Locale.ROOT);
    }
}
