package io.hookline.receiver.store.records;

import io.hookline.store.HeaderBlock;
import io.hookline.store.Subscription;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A row of {@code subscriptions} in the columns' own forms: times in epoch milliseconds, flags as
 * 0 or 1, event patterns one a line, header names as a header block with empty values (the form
 * rows written before sealing also decode), retry delays as milliseconds joined by commas.
 * Names are not quoted, as in {@link ReconcileRunRow}.
 */
@MappedEntity(value = "subscriptions", escape = false)
record SubscriptionRow(@Id String id, String name, String url, String events, String headers,
        @Nullable String description, int enabled, byte[] secret, @Nullable byte[] previousSecret,
        @Nullable Long previousUntil, long createdAt, long updatedAt, @Nullable Long failingSince,
        @Nullable String disabledReason, @Nullable byte[] sealedHeaders, @Nullable Long timeoutMs,
        @Nullable String retryDelays, String signing, @Nullable String publicKey,
        @Nullable String whereExpression, @Nullable String eventForm, @Nullable String orderBy) {

    static SubscriptionRow of(Subscription subscription) {
        Subscription.Policy policy = subscription.policy();
        return new SubscriptionRow(subscription.id(), subscription.name(), subscription.url(),
                String.join("\n", subscription.events()), names(subscription.headers()), subscription.description(),
                subscription.enabled() ? 1 : 0, subscription.sealedSecret(), subscription.sealedPreviousSecret(),
                millis(subscription.previousUntil()), subscription.createdAt().toEpochMilli(),
                subscription.updatedAt().toEpochMilli(), millis(subscription.failingSince()),
                subscription.disabledReason(), sealed(subscription.headers()),
                policy.timeout() == null ? null : policy.timeout().toMillis(),
                policy.retryDelays() == null ? null : policy.retryDelays().stream()
                        .map(delay -> Long.toString(delay.toMillis())).collect(Collectors.joining(",")),
                subscription.signing().scheme().wireName(), subscription.signing().publicKey(), subscription.where(),
                subscription.eventForm(), policy.orderBy());
    }

    Subscription subscription() {
        return new Subscription(id, name, url, events.isEmpty() ? List.of() : Arrays.asList(events.split("\n")),
                new Subscription.Headers(List.copyOf(HeaderBlock.decode(headers).keySet()), sealedHeaders),
                description, enabled == 1, secret, previousSecret, time(previousUntil), Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(updatedAt), time(failingSince), disabledReason, policy(), toSigning(),
                whereExpression, eventForm);
    }

    private Subscription.Signing toSigning() {
        Subscription.Scheme scheme = Subscription.Scheme.of(signing);
        if (scheme == null) {
            throw new IllegalStateException("subscription " + id + " has an unknown signing scheme '" + signing + "'");
        }
        return new Subscription.Signing(scheme, publicKey);
    }

    private Subscription.Policy policy() {
        Duration timeout = timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
        List<Duration> delays = retryDelays == null ? null : retryDelays.isEmpty() ? List.of()
                : Arrays.stream(retryDelays.split(",")).map(millis -> Duration.ofMillis(Long.parseLong(millis))).toList();
        return new Subscription.Policy(timeout, delays, orderBy);
    }

    /** The names only: a header block with empty values. */
    static String names(Subscription.Headers headers) {
        Map<String, String> names = new LinkedHashMap<>();
        headers.names().forEach(name -> names.put(name, ""));
        return HeaderBlock.encode(names);
    }

    static byte[] sealed(Subscription.Headers headers) {
        if (headers.sealed() == null) {
            throw new IllegalArgumentException("a subscription's headers are stored sealed");
        }
        return headers.sealed();
    }

    private static Long millis(Instant time) {
        return time == null ? null : time.toEpochMilli();
    }

    private static Instant time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
