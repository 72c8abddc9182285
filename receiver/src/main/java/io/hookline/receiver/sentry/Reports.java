package io.hookline.receiver.sentry;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.spi.CarriedText;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptResult;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes to Sentry, decided in one place: a delivery gone dead (error), a storage outage
 * (error, at most once a minute per cause), a payload the sender should not have sent (warning), a burst of
 * signature failures from one source (one warning per window). Not a single bad signature, a
 * replay, a rate limit, or a retry that later succeeds. Fingerprints are the error class and its
 * origin, so a thousand events failing the same way are one issue.
 */
@Singleton
public class Reports {

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final SentryReporter sentry;
    private final SentryConfig config;
    private final TestEvents testEvents;
    private static final Duration STORAGE_REPORT_EVERY = Duration.ofMinutes(1);

    private final AtomicBoolean storageDown = new AtomicBoolean();
    private final CauseWindows storageCauses = new CauseWindows(STORAGE_REPORT_EVERY);
    private final Set<String> reconcileCausesReported = ConcurrentHashMap.newKeySet();

    public Reports(SentryReporter sentry, SentryConfig config, TestEvents testEvents) {
        this.sentry = sentry;
        this.config = config;
        this.testEvents = testEvents;
    }

    /**
     * A request refused before storing: signature, replay or payload. A burst of signature or replay
     * failures from one source is one warning per window, carrying the leading finding of the
     * diagnosis of the request that made it a burst ({@code diagnosis} and {@code diagnosisDetail},
     * null when there is none).
     */
    public void rejected(String source, String provider, ErrorClass errorClass, String detail, String diagnosis,
            String diagnosisDetail) {
        String message = switch (errorClass.sentryGrouping()) {
            case PROVIDER -> "Invalid " + provider + " payload: " + detail;
            case SOURCE_BURST -> sentry.signatureFailed(source, System.currentTimeMillis())
                    ? config.getSignatureBurstThreshold() + " requests to source " + source + " failed verification within "
                            + config.getSignatureBurstWindow().toSeconds() + " s (last: " + detail
                            + (diagnosis == null ? "" : "; diagnosis: " + diagnosis + ": " + diagnosisDetail) + ")"
                    : null;
            default -> null;
        };
        if (message != null) {
            Map<String, String> tags = tags(source, provider, null, null, null, null);
            if (diagnosis != null) {
                tags.put("diagnosis", diagnosis);
            }
            sentry.send(new SentryReport(errorClass.sentryLevel(), errorClass, "receiver", message, tags,
                    fingerprint(errorClass, source, provider, null, null, null), Map.of(), List.of(), null));
        }
    }

    /**
     * A webhook that could not be stored and was answered 503. At most one report a minute per
     * cause (the exception's type and message, digits aside), carrying how many webhooks failed
     * that way since the last one: during an outage, or while a nearly full disk lets one write in
     * ten through, every webhook fails the same way, and one report a minute says it.
     */
    public void storageFailed(String source, String provider, Throwable cause) {
        storageDown.set(true);
        long now = System.currentTimeMillis();
        String key = cause.getClass().getName() + ':' + String.valueOf(cause.getMessage()).replaceAll("[0-9]+", "#");
        int failures = storageCauses.happened(key, now);
        if (failures == 0) {
            return;
        }
        ErrorClass errorClass = ErrorClass.STORAGE_UNAVAILABLE;
        Map<String, Object> context = SentryReporter.context("failures_since_last_report", failures);
        sentry.send(new SentryReport(errorClass.sentryLevel(), errorClass, "receiver",
                "Webhooks cannot be stored: " + cause.getMessage() + " (" + failures
                        + (failures == 1 ? " webhook" : " webhooks") + " refused since the last report)",
                tags(source, provider, null, null, null, null),
                fingerprint(errorClass, source, provider, null, null, null), context, List.of(), cause));
    }

    /** A webhook was stored: an outage, if there was one, is over, and the next failure is reported again. */
    public void storageWorks() {
        if (storageDown.get() && storageDown.compareAndSet(true, false)) {
            LOG.info("Webhooks are stored again after a storage outage");
        }
    }

    /**
     * A reconciliation run of a source that stopped or could not repair what it found. One warning
     * per source and cause ({@code credentials_rejected}, {@code rate_limited}, ...) until the
     * source's next clean run: a bad token fails every ten minutes the same way, and one report says it.
     */
    public void reconcileFailed(String source, String provider, String cause, String message) {
        if (!reconcileCausesReported.add(source + '\n' + cause)) {
            return;
        }
        ErrorClass errorClass = ErrorClass.RECONCILE_FAILED;
        Map<String, String> tags = tags(source, provider, null, null, null, null);
        tags.put("reconcile_cause", cause);
        sentry.send(new SentryReport(errorClass.sentryLevel(), errorClass, "reconciler",
                "Reconciliation of source " + source + " with " + provider + " failed: " + message, tags,
                List.of(errorClass.wireName(), source, cause), Map.of(), List.of(), null));
    }

    /** A clean reconciliation run: the next failure of the source is reported again. */
    public void reconcileWorks(String source) {
        reconcileCausesReported.removeIf(reported -> reported.startsWith(source + '\n'));
    }

    /** A subscription Hookline disabled because every delivery to it failed for too long. */
    public void subscriptionDisabled(String name, String reason) {
        Map<String, String> tags = tags(null, null, null, null, null, null);
        tags.put("route", name);
        sentry.send(new SentryReport(SentryLevel.WARNING, null, "dispatcher", "Subscription " + name + " was disabled: "
                + reason, tags, List.of("subscription_disabled", name), Map.of(), List.of(), null));
    }

    /**
     * A delivery that will not be tried again.
     *
     * @param plugin the plugin the handler came from ({@code built-in} or the jar) and its version
     * @param earlierAttempts one line per earlier failed attempt, for breadcrumbs
     */
    public void deliveryDead(StoredEvent event, AttemptResult result, HandlerFailure failure, String plugin,
            String pluginVersion, List<String> earlierAttempts) {
        ErrorClass errorClass = failure.errorClass();
        String handler = result.delivery().handler();
        String route = result.delivery().route();
        Map<String, String> tags = tags(event.source(), event.provider(), event.type(), handler, plugin, pluginVersion);
        tags.put("route", route);
        if (testEvents.isTest(event)) {
            tags.put(SentryScrubber.TEST_EVENT_TAG, "true");
        }
        Map<String, Object> context = SentryReporter.context("event_id", event.id(), "request_id", event.requestId(),
                "attempt", result.delivery().attempt(), "route", route, "received_at", event.receivedAt().toString());
        if (config.isSendBodies() && event.body() != null) {
            context.put("body", new String(event.body(), 0, Math.min(event.body().length, 4096),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        sentry.send(new SentryReport(errorClass.sentryLevel(), errorClass, "dispatcher",
                "Delivery to " + route + " is dead: " + errorClass.wireName() + ": " + result.message(),
                tags, fingerprint(errorClass, event.source(), event.provider(), route, plugin, failure), context,
                earlierAttempts, failure.cause()));
    }

    /** What makes two reports one issue: the class and its origin, as the class's grouping says. */
    public static List<String> fingerprint(ErrorClass errorClass, String source, String provider, String route, String plugin,
            HandlerFailure failure) {
        return switch (errorClass.sentryGrouping()) {
            case NONE, CLASS -> List.of(errorClass.wireName());
            case PROVIDER -> List.of(errorClass.wireName(), provider);
            case SOURCE_BURST -> List.of("signature_burst", source);
            case ROUTE -> List.of(errorClass.wireName(), route, exceptionType(failure));
            case PLUGIN_FRAME -> List.of(errorClass.wireName(), plugin, exceptionType(failure), topFrame(failure));
            case SOURCE_CAUSE -> List.of(errorClass.wireName(), source);
        };
    }

    /** The wiring check of {@code POST /admin/sentry-test}; answers the event id. */
    public SentryId wiringCheck() {
        return sentry.send(new SentryReport(SentryLevel.INFO, null, "receiver",
                "Hookline Sentry wiring check at " + Instant.now(), Map.of("wiring_check", "true"),
                List.of("wiring_check"), Map.of(), List.of(), null));
    }

    private static Map<String, String> tags(String source, String provider, String eventType, String handler,
            String plugin, String pluginVersion) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("provider", provider);
        // The sender's text: encoded as every carrier carries it, so a line terminator cannot break the tag.
        tags.put("event_type", eventType == null ? null : CarriedText.encode(eventType));
        tags.put("handler", handler);
        tags.put("plugin", plugin);
        tags.put("plugin_version", pluginVersion);
        return tags;
    }

    private static String exceptionType(HandlerFailure failure) {
        return failure == null || failure.cause() == null ? "none" : failure.cause().getClass().getName();
    }

    /** The first frame of the exception: where in the plugin it was thrown. */
    private static String topFrame(HandlerFailure failure) {
        if (failure == null || failure.cause() == null || failure.cause().getStackTrace().length == 0) {
            return "unknown";
        }
        StackTraceElement frame = failure.cause().getStackTrace()[0];
        return frame.getClassName() + "." + frame.getMethodName();
    }
}
