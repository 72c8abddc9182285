package io.hookline.receiver.ingest;

import io.hookline.receiver.clients.ClientAddresses;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.dispatch.DispatchSignal;
import io.hookline.receiver.dispatch.Routes;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.ErrorResponses;
import io.hookline.receiver.error.RateLimitedException;
import io.hookline.receiver.error.RequestIds;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.rejections.RejectionLog;
import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.CarriedText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Verification;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.StorageException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/{source}}: verify, identify, store, and answer only once the event is
 * committed. Runs on the event loop: verification is CPU work on bytes already read, and the
 * commit is awaited without blocking a thread.
 *
 * <p>The signature is checked first, over the body exactly as it arrived (compressed or not), and
 * only then is anything charged: a verified request to its source's rate limit, a refused one to
 * its client address's budget of refusals ({@link RefusalLimits}). So forgeries cannot spend the
 * real sender's budget, and a forger over its budget gets 429 without the diagnosis work.
 */
@Controller("/hooks")
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("hookline.requests");

    private final Sources sources;
    private final Routes routes;
    private final EventStore store;
    private final DispatchSignal dispatch;
    private final Reports reports;
    private final Metrics metrics;
    private final RejectionLog rejections;
    private final ClientAddresses clients;
    private final RefusalLimits refusalLimits;
    private final long maxBodySize;
    private final Clock clock = Clock.systemUTC();

    public WebhookController(Sources sources, Routes routes, EventStore store, DispatchSignal dispatch, Reports reports,
            Metrics metrics, RejectionLog rejections, ClientAddresses clients, RefusalLimits refusalLimits,
            HooklineConfig config) {
        this.rejections = rejections;
        this.clients = clients;
        this.refusalLimits = refusalLimits;
        this.maxBodySize = config.getMaxBodySize();
        this.reports = reports;
        this.metrics = metrics;
        this.sources = sources;
        this.routes = routes;
        this.store = store;
        this.dispatch = dispatch;
    }

    @Post(uri = "/{source}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> receive(@PathVariable String source, HttpRequest<?> request,
            @Nullable @Body byte[] body) {
        long start = System.nanoTime();
        String client = clients.of(request);
        Source target = sources.find(source).orElse(null);
        String provider = target == null ? "none" : target.provider();
        try {
            if (target == null) {
                throw new WebhookException(ErrorClass.SOURCE_NOT_FOUND, "no source named '" + source + "' is configured");
            }
            return receive(source, target, request, body, start, client);
        } catch (WebhookException e) {
            // An unknown source name comes from the URL: never let it become a metric label.
            ErrorClass errorClass = e.errorClass();
            answered(target == null ? "unknown" : source, provider, errorClass.wireName(),
                    errorClass.httpStatus().getCode(), start, request, client);
            throw e;
        }
    }

    private CompletableFuture<HttpResponse<?>> receive(String source, Source target, HttpRequest<?> request,
            byte[] body, long start, String client) {
        InboundRequest inbound = InboundRequests.of(source, request, body);

        Verification verification;
        EventIdentity identity;
        try {
            verification = target.verifier().verify(inbound, clock.instant());
            if (verification instanceof Verification.Rejected rejected) {
                throw refused(source, target, inbound, rejected, request, client, start);
            }
            if (target.rateLimiter() != null) {
                long wait = target.rateLimiter().acquire(start);
                if (wait > 0) {
                    long seconds = seconds(wait);
                    throw new RateLimitedException(seconds, "source '" + source + "' is over its rate limit; retry in "
                            + seconds + " s");
                }
            }
            if (verification instanceof Verification.Handshake handshake) {
                answered(source, target.provider(), "handshake", handshake.status(), start, request, client);
                return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.valueOf(handshake.status()))
                        .contentType(handshake.contentType()).body(handshake.body()));
            }
            identity = identify(source, target, inbound, request, client);
        } catch (InvalidPayloadException e) {
            rejections.refused(source, target.provider(), ErrorClass.PAYLOAD_INVALID, e.getMessage(), inbound, null,
                    RequestIds.of(request), client, clock.instant());
            throw new WebhookException(ErrorClass.PAYLOAD_INVALID, e.getMessage());
        }
        List<DeliveryTarget> targets = routes.targets(source, target.provider(), identity.type());
        NewEvent event = new NewEvent(source, target.provider(), identity.key(), identity.type(),
                identity.occurredAt(), InboundRequests.storedHeaders(inbound, target.droppedHeaders()),
                inbound.body(), targets);
        return store.append(event).handle((receipt, failure) -> {
            if (failure == null) {
                reports.storageWorks();
                if (!receipt.duplicate() && !targets.isEmpty()) {
                    dispatch.wake();
                }
                Acknowledgement acknowledgement = Acknowledgement.of(receipt);
                answered(source, target.provider(), acknowledgement.status(), 200, start, request, client);
                return HttpResponse.ok(acknowledgement);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.error("Source {}: event {} not stored, answered 503: {}", source, CarriedText.encode(identity.key()),
                    cause.getMessage());
            reports.storageFailed(source, target.provider(), cause);
            answered(source, target.provider(), ErrorClass.STORAGE_UNAVAILABLE.wireName(), 503, start, request, client);
            String detail = cause instanceof StorageException
                    ? "the event could not be stored; nothing was acknowledged, retry later"
                    : "the event could not be stored";
            return ErrorResponses.of(request, ErrorClass.STORAGE_UNAVAILABLE, detail);
        });
    }

    /**
     * A request its provider refused: logged and answered 401, or, when its address is over its
     * budget of refusals, only counted and answered 429 (the diagnosis is skipped: that is the work
     * a flood would otherwise buy).
     */
    private WebhookException refused(String source, Source target, InboundRequest inbound,
            Verification.Rejected rejected, HttpRequest<?> request, String client, long start) {
        long wait = refusalLimits.charge(client, start);
        if (wait > 0) {
            rejections.overAddressLimit(source);
            metrics.refusalOverAddressLimit(source, target.provider());
            long seconds = seconds(wait);
            return new RateLimitedException(seconds, "too many refused requests from this address; retry in "
                    + seconds + " s");
        }
        ErrorClass errorClass = ErrorClass.of(rejected.reason());
        rejections.refused(source, target.provider(), errorClass, rejected.detail(), inbound, rejected,
                RequestIds.of(request), client, clock.instant());
        return new WebhookException(errorClass, rejected.detail());
    }

    /** The provider reads the decoded body; a body it cannot be decoded from is refused and logged. */
    private EventIdentity identify(String source, Source target, InboundRequest inbound, HttpRequest<?> request,
            String client) {
        InboundRequest decoded;
        try {
            decoded = ContentEncodings.decoded(inbound, maxBodySize);
        } catch (WebhookException e) {
            rejections.refused(source, target.provider(), e.errorClass(), e.detail(), inbound, null,
                    RequestIds.of(request), client, clock.instant());
            throw e;
        }
        return target.verifier().identify(decoded);
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    private void answered(String source, String provider, String outcome, int status, long start,
            HttpRequest<?> request, String client) {
        metrics.request(source, provider, outcome, start);
        if (REQUESTS.isInfoEnabled()) {
            REQUESTS.info("source={} status={} outcome={} latency_ms={} request_id={} client={}", source, status,
                    outcome, String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e6),
                    RequestIds.of(request), client);
        }
    }
}
