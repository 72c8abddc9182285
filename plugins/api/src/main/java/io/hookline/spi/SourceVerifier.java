package io.hookline.spi;

import java.time.Instant;
import java.util.Optional;
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
 *
 * <p>Five capabilities are optional, each a default method that offers none: catch-up after
 * downtime ({@link #catchUp}), which events are the sender's tests ({@link #isTestEvent}), a
 * diagnosis of a request signed with a scheme this source does not accept
 * ({@link #unsupportedScheme}), the fetch of an event's full form when the sender sends only a
 * notification ({@link #eventFetch}), and the promise that every body it identifies is one JSON
 * object ({@link #identifyChecksJsonObject}). They were added within API 1: a plugin built before
 * them links and runs as it did.
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

    /**
     * This source's catch-up after downtime, for a source configured with a {@code reconcile}
     * block. The default offers none, and the receiver refuses such a block at start.
     *
     * <p>Called once per source with a {@code reconcile} block, at start, after {@link Provider#bind},
     * on the thread that starts the receiver, with the plugin's own class loader as the context
     * class loader, also by {@code check} (so it must not call the provider's API here). Settings it
     * does not know must be refused ({@link CatchUpSettings#requireKnownSettings}).
     *
     * @param settings the source's {@code reconcile} block, without the receiver's own keys
     * @return the source's catch-up, or empty when the provider's API cannot list what it sent
     * @throws IllegalArgumentException when a setting cannot work; the message names the full key,
     *     such as {@code hookline.sources.gh.reconcile.hook}, and what it accepts
     */
    default Optional<CatchUp> catchUp(CatchUpSettings settings) {
        return Optional.empty();
    }

    /**
     * Whether the sender marks this event as a test, such as GitHub's {@code ping} or a Stripe event
     * with {@code "livemode": false}. A test event's failed deliveries are kept out of Sentry in a
     * production environment. The default: none is.
     *
     * <p>Called on a delivery thread when a delivery of the event fails, with the plugin's class
     * loader as the context class loader; must be fast and must not block. An exception counts as
     * {@code false}.
     */
    default boolean isTestEvent(StoredEvent event) {
        return false;
    }

    /**
     * For a request this source refused as {@link RejectionReason#MISSING_SIGNATURE}: whether it
     * carries only a signature of a scheme this source does not verify (such as GitHub's SHA-1
     * {@code X-Hub-Signature}), and if so a sentence for the sender's operator saying so and what
     * is accepted. The refusal diagnosis shows it as {@code algorithm_unsupported}. The default: empty.
     *
     * <p>Called on the receiver's diagnosis thread ({@code hookline-diagnosis}), after the request
     * was answered, with the plugin's class loader as the context class loader; must not block and
     * never quote a secret. An exception counts as empty.
     */
    default Optional<String> unsupportedScheme(InboundRequest request) {
        return Optional.empty();
    }

    /**
     * This source's fetch of an event's full form, for a sender that delivers small notifications
     * (such as Stripe's thin events) and a source configured to fetch them. The default offers none:
     * every route gets the event as received.
     *
     * <p>Called once per source, at start, after {@link Provider#bind}, on the thread that starts the
     * receiver, with the plugin's own class loader as the context class loader; it must not call the
     * provider's API here. Its settings are the source's own, checked by {@link Provider#bind}.
     */
    default Optional<EventFetch> eventFetch() {
        return Optional.empty();
    }

    /**
     * Whether {@link #identify} reads the whole body as one JSON object (of a form body, the JSON of
     * its {@code payload} field) and refuses any other body with {@link InvalidPayloadException}, so
     * that every event this source stores has one. The receiver's readers of a stored body's fields
     * ({@code where:} expressions, order keys) then stop reading once they have their fields,
     * instead of checking the rest of the body a second time. The default: it does not.
     *
     * <p>Called once per source, right after {@link Provider#bind}, on the thread that starts the
     * receiver, with the plugin's class loader as the context class loader; the answer is kept for
     * the source's lifetime. An exception counts as {@code false}. A
     * verifier that answers {@code true} while its identify lets other bodies through makes a
     * {@code where:} read the fields of a body that is broken after them as if it were whole.
     */
    default boolean identifyChecksJsonObject() {
        return false;
    }
}
