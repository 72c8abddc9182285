package io.hookline.provider.stripe;

import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.EventFetch;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe webhooks: {@code Stripe-Signature} checked as {@link StripeSignature} says, keyed on
 * the event {@code id}, typed by the event {@code type} ({@code payment_intent.succeeded}), dated
 * by {@code created}. Setting {@code tolerance} (default 300 s, {@code 0} turns it off) bounds
 * the signed timestamp's age, and, stricter than Stripe's SDKs, how far it may be in the future.
 * An event of test mode ({@code "livemode": false}) is a test event.
 * Catches up by fetching the events its API lists that the source has not stored ({@link StripeCatchUp}).
 *
 * <p>Thin events ({@code "object": "v2.core.event"}, sent to event destinations) are keyed and typed
 * the same way ({@code v1.customer.created}). With {@code fetch-thin-events: true} and a key in
 * {@code api-key}, the source offers the fetch of their full form ({@link StripeThinEvents}).
 * With {@code merge-snapshot-twins: true}, a thin event that names its snapshot twin in
 * {@code snapshot_event} is keyed on that id, so the pair Stripe sends during a move from snapshot to
 * thin events is one event (docs.stripe.com/webhooks/migrate-snapshot-to-thin-events: "Use this as
 * your idempotency key to prevent duplicate processing").
 */
public final class StripeProvider implements Provider {

    /** Stripe's own default, {@code Webhook.DEFAULT_TOLERANCE}. */
    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    private static final List<String> FIELDS = List.of("id", "type", "created");
    private static final List<String> LIVEMODE = List.of("livemode");
    /** The {@code object} of a thin event. */
    static final String THIN_EVENT = "v2.core.event";
    private static final List<String> THIN_FIELDS = List.of("id", "type", "created", "object", "snapshot_event");
    static final Set<String> SETTINGS = Set.of("tolerance", "fetch-thin-events", "api-key", "api-url",
            "merge-snapshot-twins");

    @Override
    public String id() {
        return "stripe";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(SETTINGS);
        return new StripeSource(source.secrets(), ReplayWindow.of(source, DEFAULT_TOLERANCE), StripeThinEvents.of(source),
                flag(source, "merge-snapshot-twins"));
    }

    /** A {@code true} or {@code false} setting, false when absent. */
    static boolean flag(SourceSettings source, String key) {
        String value = source.setting(key).orElse("false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(source.settingKey(key) + ": '" + value + "' is not true or false");
        }
        return value.equals("true");
    }

    /** One Stripe endpoint: its signing secrets, replay window, and what it does with thin events. */
    private record StripeSource(List<String> secrets, ReplayWindow window, Optional<EventFetch> thinEvents,
            boolean mergeSnapshotTwins) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            return StripeSignature.verify(request, secrets, window, now);
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = JsonFields.read(request.body(), mergeSnapshotTwins ? THIN_FIELDS : FIELDS);
            String id = fields.get("id");
            String type = fields.get("type");
            if (id == null || type == null) {
                throw new InvalidPayloadException("a Stripe event needs a string 'id' and 'type'; this body has "
                        + (id == null ? "no id" : "no type"));
            }
            String twin = fields.get("snapshot_event");
            String key = mergeSnapshotTwins && THIN_EVENT.equals(fields.get("object")) && twin != null ? twin : id;
            return new EventIdentity(key, type, created(fields.get("created")));
        }

        /** Identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return true;
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of("stripe-signature");
        }

        /** An event of the account's test mode: top-level {@code "livemode": false}. */
        @Override
        public boolean isTestEvent(StoredEvent event) {
            if (event.body() == null) {
                return false;
            }
            try {
                return "false".equals(JsonFields.read(event.body(), LIVEMODE).get("livemode"));
            } catch (InvalidPayloadException notJson) {
                return false;
            }
        }

        @Override
        public Optional<CatchUp> catchUp(CatchUpSettings settings) {
            return Optional.of(StripeCatchUp.of(settings));
        }

        @Override
        public Optional<EventFetch> eventFetch() {
            return thinEvents;
        }
    }

    /** Snapshot events give Unix seconds; thin (v2) events give an ISO 8601 time. */
    private static Instant created(String created) {
        if (created == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(created));
        } catch (NumberFormatException notSeconds) {
            try {
                return Instant.parse(created);
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }
}
