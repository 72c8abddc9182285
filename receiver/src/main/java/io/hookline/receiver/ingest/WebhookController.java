package io.hookline.receiver.ingest;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/{source}}: verify, identify, store, and answer only once the event is
 * committed. Runs on the event loop: verification is CPU work on bytes already read, and the
 * commit is awaited without blocking a thread.
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
    private final Clock clock = Clock.systemUTC();

    public WebhookController(Sources sources, Routes routes, EventStore store, DispatchSignal dispatch, Reports reports,
            Metrics metrics, RejectionLog rejections) {
        this.rejections = rejections;
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
        Source target = sources.find(source).orElse(null);
        String provider = target == null ? "none" : target.provider();
        try {
            if (target == null) {
                throw new WebhookException(ErrorClass.SOURCE_NOT_FOUND, "no source named '" + source + "' is configured");
            }
            return receive(source, target, request, body, start);
        } catch (WebhookException e) {
            // An unknown source name comes from the URL: never let it become a metric label.
            ErrorClass errorClass = e.errorClass();
            answered(target == null ? "unknown" : source, provider, errorClass.wireName(),
                    errorClass.httpStatus().getCode(), start, request);
            throw e;
        }
    }

    private CompletableFuture<HttpResponse<?>> receive(String source, Source target, HttpRequest<?> request,
            byte[] body, long start) {
        if (target.rateLimiter() != null) {
            long wait = target.rateLimiter().acquire(start);
            if (wait > 0) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
                throw new RateLimitedException(seconds, "source '" + source + "' is over its rate limit; retry in "
                        + seconds + " s");
            }
        }
        InboundRequest inbound = InboundRequests.of(source, request, body);

        Verification verification;
        EventIdentity identity;
        try {
            verification = target.verifier().verify(inbound, clock.instant());
            if (verification instanceof Verification.Rejected rejected) {
                ErrorClass errorClass = ErrorClass.of(rejected.reason());
                rejections.refused(source, target.provider(), errorClass, rejected.detail(), inbound, rejected,
                        RequestIds.of(request), remoteAddress(request), clock.instant());
                throw new WebhookException(errorClass, rejected.detail());
            }
            if (verification instanceof Verification.Handshake handshake) {
                answered(source, target.provider(), "handshake", handshake.status(), start, request);
                return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.valueOf(handshake.status()))
                        .contentType(handshake.contentType()).body(handshake.body()));
            }
            identity = target.verifier().identify(inbound);
        } catch (InvalidPayloadException e) {
            rejections.refused(source, target.provider(), ErrorClass.PAYLOAD_INVALID, e.getMessage(), inbound, null,
                    RequestIds.of(request), remoteAddress(request), clock.instant());
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
                answered(source, target.provider(), acknowledgement.status(), 200, start, request);
                return HttpResponse.ok(acknowledgement);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.error("Source {}: event {} not stored, answered 503: {}", source, CarriedText.encode(identity.key()),
                    cause.getMessage());
            reports.storageFailed(source, target.provider(), cause);
            answered(source, target.provider(), ErrorClass.STORAGE_UNAVAILABLE.wireName(), 503, start, request);
            String detail = cause instanceof StorageException
                    ? "the event could not be stored; nothing was acknowledged, retry later"
                    : "the event could not be stored";
            return ErrorResponses.of(request, ErrorClass.STORAGE_UNAVAILABLE, detail);
        });
    }

    private static String remoteAddress(HttpRequest<?> request) {
        java.net.InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private void answered(String source, String provider, String outcome, int status, long start, HttpRequest<?> request) {
        metrics.request(source, provider, outcome, start);
        if (REQUESTS.isInfoEnabled()) {
            REQUESTS.info("source={} status={} outcome={} latency_ms={} request_id={}", source, status, outcome,
                    String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e6), RequestIds.of(request));
        }
    }
}
