package io.hookline.provider.stripe;

import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
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
 */
public final class StripeProvider implements Provider {

    /** Stripe's own default, {@code Webhook.DEFAULT_TOLERANCE}. */
    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    private static final List<String> FIELDS = List.of("id", "type", "created");
    private static final List<String> LIVEMODE = List.of("livemode");

    @Override
    public String id() {
        return "stripe";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("tolerance"));
        return new StripeSource(source.secrets(), ReplayWindow.of(source, DEFAULT_TOLERANCE));
    }

    /** One Stripe endpoint: its signing secrets and replay window. */
    private record StripeSource(List<String> secrets, ReplayWindow window) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            return StripeSignature.verify(request, secrets, window, now);
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = JsonFields.read(request.body(), FIELDS);
            String id = fields.get("id");
            String type = fields.get("type");
            if (id == null || type == null) {
                throw new InvalidPayloadException("a Stripe event needs a string 'id' and 'type'; this body has "
                        + (id == null ? "no id" : "no type"));
            }
            return new EventIdentity(id, type, created(fields.get("created")));
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
