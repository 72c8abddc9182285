package io.hookline.receiver.operational;

import io.hookline.receiver.sentry.CauseWindows;
import io.hookline.receiver.sentry.SecretValues;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptResult;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookline's own happenings as events of the built-in source {@code hookline}, stored through the
 * same intake as webhooks ({@link OperationalIntake}), so routes and subscriptions match them ({@code hookline:delivery.dead},
 * {@code hookline:*}) and deliver them with the retries, breaker and signing they already have.
 *
 * <p>Bounded: one event per cause and window ({@link CauseWindows}, the Sentry rule), carrying how
 * many times the cause happened since the previous one; the idempotency key is the type, the cause
 * and the window's number, so several instances on one PostgreSQL store one. An event is only made
 * when some route or subscription wants its type, and never about a delivery of an operational
 * event (a dead Slack forward does not tell Slack again).
 */
@Singleton
public class OperationalEvents {

    /** The source, and provider, of every operational event; no configured source may take it. */
    public static final String SOURCE = "hookline";
    public static final String DELIVERY_DEAD = "delivery.dead";
    public static final String SUBSCRIPTION_DISABLED = "subscription.disabled";
    public static final String BACKLOG = "backlog";
    public static final String STORAGE_REFUSED = "storage.refused";
    public static final String RECONCILE_FAILED = "reconcile.failed";
    public static final String BREAKER_OPENED = "breaker.opened";

    private static final Logger LOG = LoggerFactory.getLogger(OperationalEvents.class);
    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json");

    private final OperationalEventsConfig config;
    private final OperationalIntake intake;
    private final SecretValues secrets;
    private final JsonMapper json;
    private final CauseWindows windows;
    private final Clock clock = Clock.systemUTC();

    public OperationalEvents(OperationalEventsConfig config, OperationalIntake intake, SecretValues secrets,
            JsonMapper json) {
        this.config = config;
        this.intake = intake;
        this.secrets = secrets;
        this.json = json;
        this.windows = new CauseWindows(config.getWindow());
    }

    /** Whether a route or subscription would receive an operational event of this type. */
    boolean wanted(String type) {
        return config.isEnabled() && !intake.targets(SOURCE, SOURCE, type).isEmpty();
    }

    /**
     * A delivery of {@code event} went dead (the dead letters call it where Sentry hears of it, so not
     * for a cancelled subscription's deliveries); one event per route and error class a window, none
     * when the dead delivery was of an operational event.
     */
    public void deliveryDead(StoredEvent event, AttemptResult result) {
        if (SOURCE.equals(event.source()) || !wanted(DELIVERY_DEAD)) {
            return;
        }
        String route = result.delivery().route();
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("event_id", event.id());
        subject.put("source", event.source());
        subject.put("event_type", event.type());
        subject.put("route", route);
        subject.put("handler", result.delivery().handler());
        subject.put("attempt", result.delivery().attempt());
        subject.put("error_class", result.errorClass());
        subject.put("message", secrets.filtered(String.valueOf(result.message())));
        emit(DELIVERY_DEAD, route + '\n' + result.errorClass(), subject);
    }

    /** Hookline disabled a subscription whose deliveries all failed for too long. */
    public void subscriptionDisabled(String name, String reason) {
        if (!wanted(SUBSCRIPTION_DISABLED)) {
            return;
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("subscription", name);
        subject.put("message", reason);
        emit(SUBSCRIPTION_DISABLED, name, subject);
    }

    /** A catch-up run of a source failed; one event per source and cause a window. */
    public void reconcileFailed(String source, String provider, String cause, String message) {
        if (!wanted(RECONCILE_FAILED)) {
            return;
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("source", source);
        subject.put("provider", provider);
        subject.put("error_class", cause);
        subject.put("message", secrets.filtered(String.valueOf(message)));
        emit(RECONCILE_FAILED, source + '\n' + cause, subject);
    }

    /**
     * A route's circuit breaker opened after the attempt of {@code event} failed; none when that
     * event is itself an operational one.
     */
    public void breakerOpened(String route, String handler, StoredEvent event, AttemptResult result,
            Duration openFor) {
        if (SOURCE.equals(event.source()) || !wanted(BREAKER_OPENED)) {
            return;
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("route", route);
        subject.put("handler", handler);
        subject.put("open_until", clock.instant().plus(openFor).toString());
        subject.put("event_id", event.id());
        subject.put("error_class", result.errorClass());
        subject.put("message", secrets.filtered(String.valueOf(result.message())));
        emit(BREAKER_OPENED, route, subject);
    }

    /** The backlog or storage check found something to say; the subject is its own. */
    void checked(String type, Map<String, Object> subject) {
        emit(type, type, subject);
    }

    private void emit(String type, String cause, Map<String, Object> subject) {
        long now = clock.millis();
        int occurrences = windows.happened(type + '\n' + cause, now);
        if (occurrences == 0) {
            return;
        }
        Instant at = Instant.ofEpochMilli(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("occurred_at", at.toString());
        body.putAll(subject);
        body.put("occurrences", occurrences);
        body.put("window_seconds", config.getWindow().toSeconds());
        // One line for a person: a Slack incoming webhook shows it and ignores the other fields.
        body.put("text", "Hookline " + type + " (" + cause.replace('\n', ' ') + "): " + subject.get("message")
                + (occurrences > 1 ? " (" + occurrences + " times since the last report)" : ""));
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            LOG.warn("Operational event {} could not be written as JSON: {}", type, e.getMessage());
            return;
        }
        // One key per cause and window: instances sharing a store that see the same cause store one event.
        String key = type + '/' + cause.replace('\n', '/') + '/' + now / config.getWindow().toMillis();
        intake.append(SOURCE, SOURCE, new EventIdentity(key, type, at), HEADERS, bytes, null)
                .whenComplete((receipt, failure) -> {
                    if (failure != null) {
                        LOG.warn("Operational event {} could not be stored: {}", type, failure.getMessage());
                    } else if (receipt.duplicate()) {
                        LOG.info("Operational event {} was already stored by another instance as {}", type,
                                receipt.eventId());
                    } else {
                        LOG.info("Operational event {} stored as {}", type, receipt.eventId());
                    }
                });
    }
}
