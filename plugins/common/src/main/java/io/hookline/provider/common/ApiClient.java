package io.hookline.provider.common;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.hookline.spi.CatchUpException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catch-up clients' HTTP: the JDK's client, a bounded time per call, the credential header on
 * every request, and a failure that names the call, never the credential. Written on the JDK's
 * {@code HttpClient} rather than a provider SDK: {@code stripe-java} 33.3 is a 20.3 MB jar (with
 * Gson beside it), against 23.9 MB for the whole receiver, for one list call here; GitHub's two
 * calls need no library either.
 *
 * <p>A call that fails on the way (a connection the server closed, a reset) is tried again a few
 * times with backoff before the run counts it failed, so one dropped connection does not leave the
 * rest of a gap for the next run. A read ({@code GET}) is always safe to repeat, and is repeated
 * after any I/O error and after a 502, 503 or 504. A write ({@code POST}) is repeated only when
 * it never left: the connection was not made. Once it was sent, a connection that ends before the
 * answer leaves it unknown whether the provider acted on it, so it is not repeated but reported
 * as {@link SentWithoutAnswer}: whether to ask again is the caller's decision, not a cause of
 * failure for the run.
 */
public final class ApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The most of an answer a call reads: a page of deliveries or events is well under 1 MB, and an
     * API (or what stands in its place) answering hundreds of MB would otherwise take the receiver's
     * heap, leaving it up but unable to store.
     */
    public static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    /** One call and three more, about 0.25 + 0.5 + 1 s apart. */
    public static final int TRIES = 4;
    private static final Set<Integer> PASSING_TROUBLE = Set.of(502, 503, 504);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static final RetryPolicy<HttpResponse<byte[]>> READS = RetryPolicy.<HttpResponse<byte[]>>builder()
            .handleIf(failure -> failure instanceof IOException && !answerTimedOut(failure) && !CappedBody.tooLarge(failure))
            .handleResultIf(response -> PASSING_TROUBLE.contains(response.statusCode()))
            .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(2))
            .withJitter(0.2)
            .withMaxRetries(TRIES - 1)
            .build();

    private static final RetryPolicy<HttpResponse<byte[]>> WRITES = RetryPolicy.<HttpResponse<byte[]>>builder()
            .handleIf(ApiClient::neverSent)
            .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(2))
            .withJitter(0.2)
            .withMaxRetries(TRIES - 1)
            .build();

    private final String provider;
    private final Map<String, String> headers;

    /**
     * @param provider the provider's name for messages, such as {@code GitHub}
     * @param headers the headers every call carries: the credential and the API's media type
     */
    public ApiClient(String provider, Map<String, String> headers) {
        this.provider = provider;
        this.headers = Map.copyOf(headers);
    }

    public String provider() {
        return provider;
    }

    /**
     * A read, tried again after an I/O error or a 502, 503 or 504.
     *
     * @throws CatchUpException {@link CatchUpException.Cause#UNREACHABLE} when no answer came after the tries
     */
    public HttpResponse<byte[]> get(URI uri) throws CatchUpException, InterruptedException {
        return get(uri, Map.of());
    }

    /**
     * A read with headers of its own beside the client's, such as Stripe's {@code Stripe-Context},
     * tried again after an I/O error or a 502, 503 or 504.
     *
     * @throws CatchUpException {@link CatchUpException.Cause#UNREACHABLE} when no answer came after the tries
     */
    public HttpResponse<byte[]> get(URI uri, Map<String, String> callHeaders) throws CatchUpException, InterruptedException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
            callHeaders.forEach(builder::header);
            return send(builder, "GET", uri, READS);
        } catch (CallFailed failed) {
            throw failure("GET", uri, failed.failure, failed.tries);
        }
    }

    /**
     * A write, tried again only while the connection could not be made.
     *
     * @throws SentWithoutAnswer when the request was sent and no answer came: the provider may have acted on it
     * @throws CatchUpException {@link CatchUpException.Cause#UNREACHABLE} when it could not be sent, or timed out
     */
    public HttpResponse<byte[]> post(URI uri) throws CatchUpException, SentWithoutAnswer, InterruptedException {
        try {
            return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), "POST", uri, WRITES);
        } catch (CallFailed failed) {
            if (CappedBody.tooLarge(failed.failure)) {
                throw failure("POST", uri, failed.failure, failed.tries);
            }
            if (!answerTimedOut(failed.failure) && !neverSent(failed.failure)) {
                throw new SentWithoutAnswer(provider + " did not answer " + describe("POST", uri)
                        + ": the connection ended after the request was sent (" + failed.failure + ")");
            }
            throw failure("POST", uri, failed.failure, failed.tries);
        }
    }

    /** A call's last I/O failure, after the tries its policy allowed. */
    private static final class CallFailed extends Exception {

        private static final long serialVersionUID = 1L;
        final IOException failure;
        final int tries;

        CallFailed(IOException failure, int tries) {
            super(failure);
            this.failure = failure;
            this.tries = tries;
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder builder, String method, URI uri,
            RetryPolicy<HttpResponse<byte[]>> retries) throws CallFailed, InterruptedException {
        builder.timeout(CALL_TIMEOUT).header("User-Agent", "Hookline-reconciler");
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        AtomicInteger tries = new AtomicInteger();
        try {
            return Failsafe.with(retries).get(attempt -> {
                if (tries.incrementAndGet() > 1) {
                    LOG.info("{}: {} again (try {} of {}) after: {}", provider, describe(method, uri), tries.get(),
                            TRIES, attempt.getLastException() != null ? attempt.getLastException().toString()
                                    : "HTTP " + attempt.getLastResult().statusCode());
                }
                return HTTP.send(request, CappedBody.handler(MAX_ANSWER_BYTES));
            });
        } catch (FailsafeException wrapped) {
            Throwable cause = wrapped.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof IOException failure) {
                throw new CallFailed(failure, tries.get());
            }
            throw wrapped;
        }
    }

    private CatchUpException failure(String method, URI uri, IOException failure, int tries) {
        String call = describe(method, uri);
        String after = tries > 1 ? " (" + tries + " tries)" : "";
        if (CappedBody.tooLarge(failure)) {
            return new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, provider + "'s answer to " + call
                    + " is larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MB, the most a catch-up call reads;"
                    + " the rest was not read");
        }
        if (answerTimedOut(failure)) {
            return new CatchUpException(CatchUpException.Cause.UNREACHABLE, provider + " did not answer " + call
                    + " within " + CALL_TIMEOUT.toSeconds() + " s" + after);
        }
        return new CatchUpException(CatchUpException.Cause.UNREACHABLE, provider + " could not be reached for " + call
                + after + ": " + failure);
    }

    /** The connection was never made, so the provider cannot have seen the request. */
    private static boolean neverSent(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
    }

    /** The request went out and the answer took longer than the call may: trying again would wait as long. */
    private static boolean answerTimedOut(Throwable failure) {
        return failure instanceof HttpTimeoutException && !(failure instanceof HttpConnectTimeoutException);
    }

    /** The call for messages: method, host and path, never the query or user info. */
    public static String describe(String method, URI uri) {
        return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
    }
}
