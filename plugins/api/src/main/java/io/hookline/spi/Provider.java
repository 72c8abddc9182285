package io.hookline.spi;

import java.time.Instant;
import java.util.Set;

/**
 * One kind of webhook sender (Stripe, GitHub, Zoom, ...): how its requests are authenticated and
 * how an event is identified in them.
 *
 * <p>The receiver calls {@link #verify} first, on every request, and calls {@link #identify} only
 * for a request that verified. Both run on the request path, so they must be fast and must not
 * block on I/O. Implementations must be thread-safe and stateless between requests; one instance
 * serves every source bound to this provider.
 *
 * <p>Found with {@link java.util.ServiceLoader}; a public no-argument constructor is required.
 */
public interface Provider {

    /**
     * The name operators write in {@code hookline.sources.<name>.provider}, such as
     * {@code "github"}. Lower case letters, digits and dashes; unique among loaded providers.
     */
    String id();

    /**
     * Decides whether the request really comes from the sender, exactly as the sender signs it.
     *
     * <p>The provider must read the raw body bytes only (never a re-serialised form), compare
     * signatures in constant time, accept a match with any of {@link SourceSettings#secrets()} so
     * that secrets can be rotated, and never put a secret or a computed signature in the
     * {@link Verification.Rejected#detail() detail}.
     *
     * @param request the request as received
     * @param source the configured source the request was sent to, with its secrets
     * @param now the receiver's clock, for replay windows
     * @return {@link Verification.Verified}, a {@link Verification.Rejected} with the reason, or a
     *     {@link Verification.Handshake} to be answered at once without storing anything
     */
    Verification verify(InboundRequest request, SourceSettings source, Instant now);

    /**
     * Reads the idempotency key, event type and time of a verified request.
     *
     * <p>The key must be the same every time the sender delivers the same event (retries,
     * redeliveries), and different for different events of the same source.
     *
     * @param request the verified request
     * @param source the source it was sent to, for providers whose settings say where the key is
     *
     * @throws InvalidPayloadException when the body is not what this sender sends (not JSON, no
     *     id or type); the receiver answers 400 with the exception's message as the detail, so the
     *     message must say what is wrong and must not quote secrets
     */
    EventIdentity identify(InboundRequest request, SourceSettings source);

    /**
     * Checks a source's settings when the receiver starts, so a mistake stops it at once rather
     * than rejecting every request later. The default accepts any settings.
     *
     * @throws IllegalArgumentException with a message that names the key, such as
     *     {@code "hookline.sources.acme.settings.signature-header is required"}
     */
    default void validate(SourceSettings source) {}

    /**
     * The request headers, lower case, that carry credentials or signatures for this source. The
     * receiver never stores them with the event. The default is none; the receiver always drops
     * {@code authorization}, {@code cookie} and {@code proxy-authorization} anyway.
     */
    default Set<String> credentialHeaders(SourceSettings source) {
        return Set.of();
    }
}
