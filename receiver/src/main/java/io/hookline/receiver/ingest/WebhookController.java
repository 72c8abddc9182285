package io.hookline.receiver.ingest;

import io.hookline.receiver.clients.ClientAddresses;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.encoding.ContentEncodings;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.ErrorResponses;
import io.hookline.receiver.error.RateLimitedException;
import io.hookline.receiver.error.RequestIds;
import io.hookline.receiver.error.WebhookException;
import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.rejections.RejectionLog;
import io.hookline.receiver.sentry.Reports;
import io.hookline.spi.CarriedText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Verification;
import io.hookline.store.Receipt;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@code POST /hooks/{source}}: verify, then identify and store through the {@link Intake}, and
 * answer only once the event is committed. Runs on the event loop: verification is CPU work on
 * bytes already read, and the commit is awaited without blocking a thread.
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
    private final Intake intake;
    private final Reports reports;
    private final Metrics metrics;
    private final RejectionLog rejections;
    private final ClientAddresses clients;
    private final RefusalLimits refusalLimits;
    private final long maxBodySize;
    private final Clock clock = Clock.systemUTC();

    public WebhookController(Sources sources, Intake intake, Reports reports,
            Metrics metrics, RejectionLog rejections, ClientAddresses clients, RefusalLimits refusalLimits,
            HooklineConfig config) {
        this.rejections = rejections;
        this.clients = clients;
        this.refusalLimits = refusalLimits;
        this.maxBodySize = config.getMaxBodySize();
        this.reports = reports;
        this.metrics = metrics;
        this.sources = sources;
        this.intake = intake;
    }

    @Post(uri = "/{source}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> receive(@PathVariable String source, HttpRequest<?> request,
            @Nullable @Body byte[] body) {
        long start = System.nanoTime();
        String client = clients.of(request);
        Source target = sources.find(source).orElse(null);
        String provider = target == null ? "none" : target.provider();
        // An unknown source name comes from the URL: never a log field or a metric label.
        try (LogContext ignored = LogContext.of(target == null ? null : source, RequestIds.of(request), null)) {
            try {
                if (target == null) {
                    throw new WebhookException(ErrorClass.SOURCE_NOT_FOUND, "no source named '" + source + "' is configured");
                }
                return receive(source, target, request, body, start, client);
            } catch (WebhookException e) {
                ErrorClass errorClass = e.errorClass();
                answered(target == null ? "unknown" : source, provider, errorClass.wireName(),
                        errorClass.httpStatus().getCode(), start, request, client, null, null);
                throw e;
            }
        }
    }

    private CompletableFuture<HttpResponse<?>> receive(String source, Source target, HttpRequest<?> request,
            byte[] body, long start, String client) {
        InboundRequest inbound = InboundRequests.of(source, request, body);

        String requestId = RequestIds.of(request);
        Verification verification;
        Intake.Taken taken;
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
                answered(source, target.provider(), "handshake", handshake.status(), start, request, client, null, null);
                return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.valueOf(handshake.status()))
                        .contentType(handshake.contentType()).body(handshake.body()));
            }
            taken = intake.take(source, target.provider(), target.verifier(), decoded(source, target, inbound, request,
                    client), InboundRequests.storedHeaders(inbound, target.droppedHeaders()), inbound.body(), requestId);
        } catch (InvalidPayloadException e) {
            rejections.refused(source, target.provider(), ErrorClass.PAYLOAD_INVALID, e.getMessage(), inbound, null,
                    requestId, client, clock.instant());
            throw new WebhookException(ErrorClass.PAYLOAD_INVALID, e.getMessage());
        }
        EventIdentity identity = taken.identity();
        CompletableFuture<Receipt> stored = taken.receipt();
        // Completed on the writer's thread (or on this one when the store refuses at once): the ids go with it.
        return stored.handle((receipt, failure) -> {
            try (LogContext ignored = LogContext.of(source, requestId, receipt == null ? null : receipt.eventId())) {
                return answer(source, target, identity, receipt, failure, request, client, start);
            }
        });
    }

    private HttpResponse<?> answer(String source, Source target, EventIdentity identity, Receipt receipt, Throwable failure, HttpRequest<?> request, String client, long start) {
        if (failure == null) {
            reports.storageWorks();
            Acknowledgement acknowledgement = Acknowledgement.of(receipt);
            answered(source, target.provider(), acknowledgement.status(), 200, start, request, client, identity,
                    receipt.eventId());
            return HttpResponse.ok(acknowledgement.json()).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.error("Source {}: event {} not stored, answered 503: {}", source, CarriedText.encode(identity.key()),
                cause.getMessage());
        reports.storageFailed(source, target.provider(), cause);
        answered(source, target.provider(), ErrorClass.STORAGE_UNAVAILABLE.wireName(), 503, start, request, client,
                identity, null);
        String detail = cause instanceof StorageException
                ? "the event could not be stored; nothing was acknowledged, retry later"
                : "the event could not be stored";
        return ErrorResponses.of(request, ErrorClass.STORAGE_UNAVAILABLE, detail);
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
    private InboundRequest decoded(String source, Source target, InboundRequest inbound, HttpRequest<?> request,
            String client) {
        try {
            return ContentEncodings.decoded(inbound, maxBodySize);
        } catch (WebhookException e) {
            rejections.refused(source, target.provider(), e.errorClass(), e.detail(), inbound, null,
                    RequestIds.of(request), client, clock.instant());
            throw e;
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    /**
     * The request line: one per request, its fields as SLF4J key/value pairs (a JSON encoder writes
     * them as fields) and, for the text format, in the message too. The type and the key are the
     * sender's text, written as {@link CarriedText} encodes them; the event's fields are left out
     * where the request did not get that far.
     */
    private void answered(String source, String provider, String outcome, int status, long start,
            HttpRequest<?> request, String client, EventIdentity identity, String eventId) {
        metrics.request(source, provider, outcome, start);
        if (!REQUESTS.isInfoEnabled()) {
            return;
        }
        RequestLine line = new RequestLine(REQUESTS.atInfo())
                .field("source", source)
                .field("status", status)
                .field("outcome", outcome)
                .field("latency_ms", BigDecimal.valueOf(System.nanoTime() - start, 6).setScale(2, RoundingMode.HALF_UP))
                .field("request_id", RequestIds.of(request));
        if (eventId != null) {
            line.field("event_id", eventId);
        }
        if (identity != null) {
            line.field("type", CarriedText.encode(identity.type())).field("key", CarriedText.encode(identity.key()));
        }
        line.field("client", client).log();
    }

    /**
     * The request line: the word {@code webhook} and each field a key/value pair, which the text format
     * writes as {@code key=value} after it and the JSON format as fields. A field the MDC already holds
     * with the same value (the request and event ids, the source) is left to the MDC, so that a JSON
     * line never carries one key twice (a strict reader such as Elasticsearch refuses that).
     */
    private static final class RequestLine {

        private final LoggingEventBuilder event;

        RequestLine(LoggingEventBuilder event) {
            this.event = event;
        }

        RequestLine field(String name, Object value) {
            if (!String.valueOf(value).equals(MDC.get(name))) {
                event.addKeyValue(name, value);
            }
            return this;
        }

        void log() {
            event.log("webhook");
        }
    }
}
