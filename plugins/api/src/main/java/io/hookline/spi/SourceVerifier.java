package io.hookline.spi;

import java.time.Instant;
import java.util.Set;

/**
 * The requests of one bound source, as its {@link Provider} checks them: whether a request really
 * comes from the sender, which event it carries, and which headers hold credentials.
 *
 * <p>The receiver calls {@link #verify} on every request to the source and {@link #identify} only
 * for a request that verified, from many request threads at once, with the plugin's own class
 * loader as the context class loader. Both run on the request path: they must be thread-safe, fast,
 * and must not block on I/O. Everything that depends only on configuration belongs in
 * {@link Provider#bind}.
 */
public interface SourceVerifier {

    /**
     * Decides whether the request really comes from the sender, exactly as the sender signs it.
     *
     * <p>The verifier must read the raw body bytes only (never a re-serialised form), compare
     * signatures in constant time, accept a match with any of the source's secrets so that they
     * can be rotated, and never put a secret or a computed signature in the
     * {@link Verification.Rejected#detail() detail}.
     *
     * @param request the request as received
     * @param now the receiver's clock, for replay windows
     * @return {@link Verification.Verified}, a {@link Verification.Rejected} with the reason, or a
     *     {@link Verification.Handshake} to be answered at once without storing anything
     */
    Verification verify(InboundRequest request, Instant now);

    /**
     * Reads the idempotency key, event type and time of a verified request.
     *
     * <p>The key must be the same every time the sender delivers the same event (retries,
     * redeliveries), and different for different events of the same source.
     *
     * @param request the verified request
     * @throws InvalidPayloadException when the body is not what this sender sends (not JSON, no
     *     id or type); the receiver answers 400 with the exception's message as the detail, so the
     *     message must say what is wrong and must not quote secrets
     */
    EventIdentity identify(InboundRequest request);

    /**
     * The request headers, lower case, that carry credentials or signatures for this source. The
     * receiver reads them once, after {@link Provider#bind}, and never stores them with an event.
     * The default is none; the receiver always drops {@code authorization}, {@code cookie} and
     * {@code proxy-authorization} anyway.
     */
    default Set<String> credentialHeaders() {
        return Set.of();
    }
}
