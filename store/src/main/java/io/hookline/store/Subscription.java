package io.hookline.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An outbound subscription as stored: where to deliver which events, with its sealed secrets and
 * sealed extra headers.
 *
 * @param id {@code sub_…}
 * @param name unique among subscriptions and routes; its deliveries' route
 * @param url where deliveries are POSTed
 * @param events the patterns it wants, {@code source:type} globs as routes take them
 * @param headers the extra headers sent with every delivery: names in clear, values sealed
 * @param description free text, or null
 * @param enabled whether new events are delivered to it
 * @param sealedSecret the signing secret, sealed; never stored in clear
 * @param sealedPreviousSecret the secret before the last rotation, sealed, or null
 * @param previousUntil until when the previous secret still signs, or null
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param failingSince since when every delivery has failed, or null while it works
 * @param disabledReason why Hookline disabled it, or null
 * @param policy its own timeout and retry delays, where it has them
 * @param signing how its deliveries are signed, with the public key of an Ed25519 signer
 * @param where a CEL expression an event must also satisfy, or null for every event its patterns take
 * @param eventForm what it gets of a thin event, {@code notification} or {@code fetched}, or null for
 *     the receiver's {@code hookline.subscriptions.event-form}
 */
public record Subscription(String id, String name, String url, List<String> events, Headers headers,
        String description, boolean enabled, byte[] sealedSecret, byte[] sealedPreviousSecret, Instant previousUntil,
        Instant createdAt, Instant updatedAt, Instant failingSince, String disabledReason, Policy policy,
        Signing signing, String where, String eventForm) {

    public Subscription {
        events = List.copyOf(events);
    }

    /** A subscription with the receiver's event form. */
    public Subscription(String id, String name, String url, List<String> events, Headers headers,
            String description, boolean enabled, byte[] sealedSecret, byte[] sealedPreviousSecret, Instant previousUntil,
            Instant createdAt, Instant updatedAt, Instant failingSince, String disabledReason, Policy policy,
            Signing signing, String where) {
        this(id, name, url, events, headers, description, enabled, sealedSecret, sealedPreviousSecret, previousUntil,
                createdAt, updatedAt, failingSince, disabledReason, policy, signing, where, null);
    }

    /** A subscription without a {@code where:}. */
    public Subscription(String id, String name, String url, List<String> events, Headers headers,
            String description, boolean enabled, byte[] sealedSecret, byte[] sealedPreviousSecret, Instant previousUntil,
            Instant createdAt, Instant updatedAt, Instant failingSince, String disabledReason, Policy policy,
            Signing signing) {
        this(id, name, url, events, headers, description, enabled, sealedSecret, sealedPreviousSecret, previousUntil,
                createdAt, updatedAt, failingSince, disabledReason, policy, signing, null, null);
    }

    /**
     * How deliveries are signed (Standard Webhooks): the scheme, and for Ed25519 the {@code whpk_}
     * public key of the current key pair, which is not secret. The keys that sign, HMAC secret or
     * Ed25519 private key, are in the sealed secret.
     *
     * @param scheme {@code v1} (HMAC), {@code v1a} (Ed25519) entries, or both
     * @param publicKey the {@code whpk_} key receivers verify with, or null for {@link Scheme#HMAC}
     */
    public record Signing(Scheme scheme, String publicKey) {
        public static final Signing HMAC = new Signing(Scheme.HMAC, null);

        public Signing {
            if ((scheme == Scheme.HMAC) != (publicKey == null)) {
                throw new IllegalArgumentException("an Ed25519 signer has a public key, an HMAC one none");
            }
        }
    }

    /** The signing schemes, as the admin API and the {@code signing} column write them. */
    public enum Scheme {
        HMAC, ED25519, BOTH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The scheme a wire name stands for, or null. */
        public static Scheme of(String wireName) {
            for (Scheme scheme : values()) {
                if (scheme.wireName().equals(wireName)) {
                    return scheme;
                }
            }
            return null;
        }
    }

    /**
     * The extra headers: their names in clear (for the admin API), and names with values sealed by
     * the receiver. {@code sealed} is null only for a row written before headers were sealed, until
     * the receiver seals it ({@link SubscriptionStore#clearHeaders()}).
     */
    public record Headers(List<String> names, byte[] sealed) {
        public static final Headers NONE_SEALED = new Headers(List.of(), null);

        public Headers {
            names = List.copyOf(names);
        }
    }

    /**
     * How deliveries to the subscription are tried.
     *
     * @param timeout how long one attempt may take, or null for the default
     * @param retryDelays the waits before each retry, or null for the default schedule
     * @param orderBy what its deliveries are ordered by per key, as a route's {@code order-by}, or
     *     null for no order
     */
    public record Policy(Duration timeout, List<Duration> retryDelays, String orderBy) {
        public static final Policy DEFAULTS = new Policy(null, null, null);

        public Policy {
            retryDelays = retryDelays == null ? null : List.copyOf(retryDelays);
        }

        /** A policy with no order. */
        public Policy(Duration timeout, List<Duration> retryDelays) {
            this(timeout, retryDelays, null);
        }
    }
}
