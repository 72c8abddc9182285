package io.hookline.receiver.subscriptions;

import io.hookline.handlers.SignedSender;
import io.hookline.receiver.dispatch.CredentialHeaders;
import io.hookline.receiver.dispatch.EventPattern;
import io.hookline.receiver.dispatch.KeyRelease;
import io.hookline.receiver.dispatch.OrderKey;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.filters.WhereLanguage;
import io.hookline.spi.PermanentFailureException;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the admin API does with subscriptions: checks every field (a bad one is a 400 naming it),
 * seals the secret, stores, and reloads the registry so the change applies at once.
 */
@Singleton
public class SubscriptionService {

    /** The fields of a subscription in the admin API; the request body refuses any other. */
    public static final Set<String> FIELDS = Set.of("name", "url", "events", "where", "headers", "description", "enabled",
            "secret", "timeout", "retry_delays", "signing", "event_form",
            "order_by");
    /** The fields {@code rotate-secret} takes: the scheme to sign with from then on. */
    public static final Set<String> ROTATE_FIELDS = Set.of("signing");

    /** A subscription, and its HMAC secret when this answer is the one place it is shown (null without HMAC). */
    public record Shown(Subscription subscription, String secret) {}

    private final SubscriptionStore store;
    private final SubscriptionRegistry registry;
    private final SecretBox box;
    private final SubscriptionsConfig config;
    private final Routes routes;
    private final Set<String> credentialHeaders;
    private final KeyRelease keyRelease;

    public SubscriptionService(SubscriptionStore store, SubscriptionRegistry registry, SecretBox box,
            SubscriptionsConfig config, Routes routes, CredentialHeaders credentialHeaders, KeyRelease keyRelease) {
        this.keyRelease = keyRelease;
        this.store = store;
        this.registry = registry;
        this.box = box;
        this.config = config;
        this.routes = routes;
        this.credentialHeaders = credentialHeaders.credentialHeaders();
    }

    /** Every subscription as stored now, by name. */
    public List<Subscription> list() {
        return store.all();
    }

    public Subscription find(String id) {
        return store.find(id).orElseThrow(() -> new WebhookException(ErrorClass.SUBSCRIPTION_NOT_FOUND,
                "no subscription has id '" + id + "'"));
    }

    public Shown create(Map<String, Object> body) {
        requireKey();
        String id = SubscriptionStore.newId(System.currentTimeMillis());
        Subscription.Scheme scheme = scheme(body.getOrDefault("signing", Subscription.Scheme.HMAC.wireName()));
        if (scheme == Subscription.Scheme.ED25519 && body.containsKey("secret")) {
            throw invalid("secret: an ed25519 subscription signs with a key pair Hookline makes, and has no whsec_"
                    + " secret; leave it out, or sign with \"both\"");
        }
        SigningKeys.Made keys = SigningKeys.make(scheme, body.containsKey("secret") ? secret(body.get("secret")) : null);
        Instant now = Instant.now();
        Subscription subscription = new Subscription(id, name(required(body, "name")), url(required(body, "url")),
                events(required(body, "events")),
                SubscriptionHeaders.seal(box, headers(body.getOrDefault("headers", Map.of()), Map.of()), id),
                text("description", body.get("description")), flag("enabled", body.getOrDefault("enabled", true)),
                box.seal(keys.sealedText(), id), null, null, now, now, null, null, policy(body, Subscription.Policy.DEFAULTS),
                keys.signing(), where(body.get("where")), eventForm(body.get("event_form")));
        stored(store.create(subscription).join(), subscription.name());
        return new Shown(subscription, keys.secretShown());
    }

    public Subscription update(String id, Map<String, Object> body) {
        if (body.containsKey("secret")) {
            throw invalid("secret: a secret is changed with POST /admin/subscriptions/{id}/rotate-secret");
        }
        if (body.containsKey("signing")) {
            throw invalid("signing: the signing scheme is changed with POST /admin/subscriptions/{id}/rotate-secret"
                    + " {\"signing\": \"…\"}, so the previous keys keep signing through the grace");
        }
        Subscription was = find(id);
        Subscription.Headers headers = was.headers();
        if (body.containsKey("headers")) {
            requireKey();
            headers = SubscriptionHeaders.seal(box, headers(body.get("headers"), currentHeaders(was)), id);
        }
        Subscription changed = new Subscription(id,
                body.containsKey("name") ? name(body.get("name")) : was.name(),
                body.containsKey("url") ? url(body.get("url")) : was.url(),
                body.containsKey("events") ? events(body.get("events")) : was.events(),
                headers,
                body.containsKey("description") ? text("description", body.get("description")) : was.description(),
                body.containsKey("enabled") ? flag("enabled", body.get("enabled")) : was.enabled(),
                was.sealedSecret(), was.sealedPreviousSecret(), was.previousUntil(), was.createdAt(), Instant.now(),
                reEnabled(was, body) ? null : was.failingSince(), reEnabled(was, body) ? null : was.disabledReason(),
                policy(body, was.policy()), was.signing(),
                body.containsKey("where") ? where(body.get("where")) : was.where(),
                body.containsKey("event_form") ? eventForm(body.get("event_form")) : was.eventForm());
        stored(store.update(changed).join(), changed.name());
        if (was.policy().orderBy() != null && changed.policy().orderBy() == null) {
            keyRelease.released(was.name());
        }
        return changed;
    }

    /** Enabling a disabled subscription starts it afresh: no failing time, no reason. */
    private static boolean reEnabled(Subscription was, Map<String, Object> body) {
        return !was.enabled() && Boolean.TRUE.equals(body.get("enabled"));
    }

    public void delete(String id) {
        if (store.delete(id).join() == SubscriptionStore.Outcome.NOT_FOUND) {
            throw new WebhookException(ErrorClass.SUBSCRIPTION_NOT_FOUND, "no subscription has id '" + id + "'");
        }
        registry.reload();
    }

    /**
     * New keys, of the scheme {@code body} names ({@code signing}) or else the one in use; the
     * current keys keep signing beside them for the rotation's grace, so a receiver can be given the
     * new secret or public key in its own time, and a move from HMAC to Ed25519 loses nothing.
     */
    public Shown rotate(String id, Map<String, Object> body) {
        requireKey();
        Subscription was = find(id);
        SigningKeys.Made keys = SigningKeys.make(body.containsKey("signing") ? scheme(body.get("signing"))
                : was.signing().scheme(), null);
        Subscription rotated = new Subscription(id, was.name(), was.url(), was.events(), was.headers(), was.description(),
                was.enabled(), box.seal(keys.sealedText(), id), was.sealedSecret(),
                Instant.now().plus(config.getRotationGrace()), was.createdAt(), Instant.now(), was.failingSince(),
                was.disabledReason(), was.policy(), keys.signing(), was.where(), was.eventForm());
        stored(store.update(rotated).join(), rotated.name());
        return new Shown(rotated, keys.secretShown());
    }

    /**
     * Sends a signed {@code hookline.test} message at once, under the subscription's timeout, and
     * answers what the target said and what a real delivery would have recorded: a 2xx is a
     * delivery; anything else, or no answer, fails with the class a real attempt gets.
     */
    public TestOutcome test(String id) {
        requireKey();
        Subscription subscription = find(id);
        String messageId = "msg_" + SubscriptionStore.newId(System.currentTimeMillis()).substring("sub_".length());
        String body = "{\"type\":\"hookline.test\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"subscription\":\""
                + subscription.name() + "\"}}";
        SubscriptionDelivery delivery;
        TargetAnswer answer;
        try {
            delivery = registry.delivery(subscription);
            Map<String, String> about = new LinkedHashMap<>();
            about.put("Content-Type", "application/json");
            about.put("X-Hookline-Event-Type", "hookline.test");
            answer = TargetAnswer.of(delivery.send(new SignedSender.Message(messageId,
                    body.getBytes(StandardCharsets.UTF_8), about), SubscriptionPolicy.timeout(subscription)));
        } catch (IllegalStateException notOpen) {
            return new TestOutcome(null, HandlerFailure.of(new PermanentFailureException(notOpen.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestOutcome(null, HandlerFailure.of(e));
        } catch (Exception e) {
            return new TestOutcome(null, HandlerFailure.of(e));
        }
        return new TestOutcome(answer, SubscriptionDelivery.delivered(answer) ? null
                : HandlerFailure.of(delivery.notDelivered(answer)));
    }

    private void stored(SubscriptionStore.Outcome outcome, String name) {
        if (outcome == SubscriptionStore.Outcome.NAME_TAKEN) {
            throw invalid("name: another subscription is named '" + name + "'");
        }
        if (outcome == SubscriptionStore.Outcome.NOT_FOUND) {
            throw new WebhookException(ErrorClass.SUBSCRIPTION_NOT_FOUND, "the subscription is gone");
        }
        registry.reload();
    }

    private void requireKey() {
        if (!box.ready()) {
            throw new WebhookException(ErrorClass.SECRET_KEY_MISSING, "subscription secrets are stored encrypted under "
                    + SecretBox.VARIABLE + ", which is not set; make one with 'openssl rand -base64 32', set it in the"
                    + " receiver's environment and restart");
        }
    }

    private static Object required(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private String name(Object value) {
        if (!(value instanceof String name) || !Routes.NAME.matcher(name).matches()) {
            throw invalid("name: 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        if (routes.configured(name)) {
            throw invalid("name: a route in the configuration is named '" + name + "'; a subscription may not share it");
        }
        return name;
    }

    private String url(Object value) {
        URI url;
        try {
            url = value instanceof String text ? URI.create(text.trim()) : null;
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw invalid("url: an http or https URL with a host, such as https://example.com/webhooks");
        }
        // The HTTP client never sends user info, and the URL is stored in clear: credentials belong in
        // the headers, which are sealed and masked.
        if (url.getRawUserInfo() != null) {
            throw invalid("url: credentials in the URL (user:password@) are not sent and would be stored in clear;"
                    + " give them as a header instead, such as {\"Authorization\": \"Basic …\"} (headers are sealed)");
        }
        if (!config.isAllowPrivateTargets()) {
            TargetAddresses.refusal(url).ifPresent(refusal -> {
                throw invalid("url: " + refusal);
            });
        }
        return url.toString();
    }

    private static List<String> events(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid("events: a list of patterns such as [\"gh:push\", \"st:invoice.*\"]");
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object pattern = list.get(i);
            try {
                patterns.add(EventPattern.parse(pattern instanceof String text ? text : null).text());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw invalid("events[" + i + "]: " + (pattern instanceof String ? e.getMessage() : "a pattern is a string"));
            }
        }
        return patterns;
    }

    /** A CEL expression, compiled and type-checked here so that one that cannot run is refused; null for none. */
    private static String where(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid("where: a CEL expression as a string, such as \"body.ref == 'refs/heads/main'\"");
        }
        try {
            WhereLanguage.compile(text);
        } catch (IllegalArgumentException e) {
            throw invalid("where: " + e.getMessage());
        }
        return text;
    }

    /** What the subscription gets of a thin event; null follows {@code hookline.subscriptions.event-form}. */
    private static String eventForm(Object value) {
        if (value != null && !SubscriptionsConfig.EVENT_FORMS.contains(value)) {
            throw invalid("event_form: \"notification\" (the event as received, the default) or \"fetched\""
                    + " (the full event its source fetched, for thin events)");
        }
        return (String) value;
    }

    private static Map<String, String> headers(Object value, Map<String, String> current) {
        try {
            return SubscriptionHeaders.check(value, current);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The headers in clear, for a change that keeps some of them. */
    private Map<String, String> currentHeaders(Subscription was) {
        try {
            return SubscriptionHeaders.open(box, was);
        } catch (IllegalStateException notOpen) {
            return Map.of();
        }
    }

    /** The policy the body gives, field by field over {@code was}; {@code "default"} sets a field's default again. */
    private Subscription.Policy policy(Map<String, Object> body, Subscription.Policy was) {
        try {
            return new Subscription.Policy(
                    body.containsKey("timeout") ? SubscriptionPolicy.timeout(body.get("timeout")) : was.timeout(),
                    body.containsKey("retry_delays") ? SubscriptionPolicy.retryDelays(body.get("retry_delays"))
                            : was.retryDelays(),
                    body.containsKey("order_by") ? orderBy(body.get("order_by")) : was.orderBy());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * An order_by the routes' {@code order-by} takes ({@link OrderKey#parse}), or null for none. A header
     * that carries credentials for any configured source is refused: the events a subscription takes
     * may come from any of them.
     */
    private String orderBy(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("order_by: a string such as \"/data/object/customer\", or null");
        }
        try {
            OrderKey.parse(text, credentialHeaders);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("order_by: " + e.getMessage());
        }
        return text.strip();
    }

    private static String text(String field, Object value) {
        if (value != null && !(value instanceof String)) {
            throw invalid(field + ": a text");
        }
        return (String) value;
    }

    private static boolean flag(String field, Object value) {
        if (!(value instanceof Boolean on)) {
            throw invalid(field + ": true or false");
        }
        return on;
    }

    private static String secret(Object value) {
        if (value instanceof String secret && secret.startsWith("whsec_")) {
            try {
                if (Base64.getDecoder().decode(secret.substring("whsec_".length())).length >= 24) {
                    return secret;
                }
            } catch (IllegalArgumentException notBase64) {
                // answered below
            }
        }
        throw invalid("secret: 'whsec_' followed by base64 of at least 24 bytes, or leave it out to have one made");
    }

    private static Subscription.Scheme scheme(Object value) {
        Subscription.Scheme scheme = value instanceof String text ? Subscription.Scheme.of(text) : null;
        if (scheme == null) {
            throw invalid("signing: \"hmac\" (v1 signatures, the default), \"ed25519\" (v1a) or \"both\"");
        }
        return scheme;
    }

    private static WebhookException invalid(String detail) {
        return new WebhookException(ErrorClass.INVALID_SUBSCRIPTION, detail);
    }
}
