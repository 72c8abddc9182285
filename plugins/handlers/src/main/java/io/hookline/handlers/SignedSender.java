package io.hookline.handlers;

import io.hookline.provider.common.StandardWebhooksSigner;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.spi.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The one way Hookline POSTs a message to a target, for the {@code forward} handler and for
 * subscriptions: the body as stored, {@code User-Agent: Hookline}, the message's own headers, and,
 * the Standard Webhooks headers ({@code webhook-id}, stable across retries so the target can
 * deduplicate, {@code webhook-timestamp}, and when there are keys {@code webhook-signature} with an
 * entry under each: {@code v1,} for an HMAC secret, {@code v1a,} for an Ed25519 private key). Redirects are not followed: a 3xx is a misconfigured URL, not a success.
 *
 * <p>{@code http://} targets get HTTP/1.1 only: the JDK client asks a plain-text server to upgrade
 * to HTTP/2 ({@code Upgrade: h2c}, {@code HTTP2-Settings}) when HTTP/2 is the version, and some
 * servers and proxies mishandle that. {@code https://} targets may negotiate HTTP/2 through ALPN.
 */
public final class SignedSender {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI url;
    private final HttpClient.Version version;
    private final Map<String, String> headers;
    private final List<StandardWebhooksSigner> keys;

    /**
     * @param url where to POST
     * @param headers headers sent with every message to this target (a subscription's own)
     * @param keys the Standard Webhooks keys in force, the current ones first; none: not signed
     */
    public SignedSender(URI url, Map<String, String> headers, List<StandardWebhooksSigner> keys) {
        this.url = url;
        this.version = "http".equalsIgnoreCase(url.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2;
        this.headers = Map.copyOf(headers);
        this.keys = List.copyOf(keys);
    }

    /**
     * One message to send.
     *
     * @param id the {@code webhook-id}
     * @param body the body, sent as it is
     * @param headers the headers that say what the body is, in order ({@code Content-Type} first)
     */
    public record Message(String id, byte[] body, Map<String, String> headers) {

        public Message {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /**
         * A stored event as Hookline forwards it: its content type, its {@code Content-Encoding}
         * when it arrived compressed (the body is the one the sender sent; the target is told how to
         * read it), {@code X-Hookline-Source} and {@code X-Hookline-Event-Type} (the type as
         * {@link CarriedText} encodes it: a header cannot hold every character a sender may put in
         * a type), and {@code X-Hookline-Request-Id}, the request that brought the event (absent for
         * events stored before Hookline kept it).
         */
        public static Message of(StoredEvent event) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", event.headers().getOrDefault("content-type", "application/json"));
            String coding = event.headers().get("content-encoding");
            if (coding != null) {
                headers.put("Content-Encoding", coding);
            }
            headers.put("X-Hookline-Source", event.source());
            headers.put("X-Hookline-Event-Type", CarriedText.encode(event.type()));
            if (event.requestId() != null) {
                headers.put("X-Hookline-Request-Id", CarriedText.encode(event.requestId()));
            }
            return new Message(event.id(), event.body(), headers);
        }

        /** This message with one more header, after the others. */
        public Message with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Message(id, body, more);
        }
    }

    /** Signs and POSTs the message; answers what the target said, with the first kilobyte of its body. */
    public DownstreamAnswer send(Message message, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).version(version).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        headers.forEach(request::header);
        message.headers().forEach(request::header);
        long timestamp = Instant.now().getEpochSecond();
        request.header("User-Agent", "Hookline").header("webhook-id", message.id())
                .header("webhook-timestamp", Long.toString(timestamp));
        if (!keys.isEmpty()) {
            request.header("webhook-signature", keys.stream()
                    .map(key -> key.entry(message.id(), timestamp, message.body()))
                    .collect(Collectors.joining(" ")));
        }
        long start = System.nanoTime();
        // The client's timeout ends at the answer's headers; a body that never ends would hold the
        // worker (and the route's slot) for good. So the body is read by a subscriber that keeps the
        // first kilobyte and stops, and the whole exchange waits no longer than the timeout: a body
        // still coming then is cut where it is, the status and headers already known.
        FirstBytes body = new FirstBytes(DownstreamAnswer.BODY_KEPT);
        AtomicReference<HttpResponse.ResponseInfo> answer = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = CLIENT.sendAsync(request.build(), info -> {
            answer.set(info);
            return body;
        });
        try {
            exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillComing) {
            exchange.cancel(true);
            body.stop();
            if (answer.get() == null) {
                throw new HttpTimeoutException("no answer within " + timeout);
            }
        } catch (ExecutionException failed) {
            body.stop();
            if (answer.get() == null) {
                throw unanswered(failed.getCause());
            }
            // The body broke off after the headers: the answer is what arrived.
        } catch (InterruptedException interrupted) {
            exchange.cancel(true);
            body.stop();
            throw interrupted;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Map<String, String> answered = new LinkedHashMap<>();
        answer.get().headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                answered.put(name, String.join(", ", values));
            }
        });
        return new DownstreamAnswer(answer.get().statusCode(), url.toString(), answered, text(body.kept()), took);
    }

    /**
     * Why there is no answer, naming where it was asked: the client's {@code ConnectException} says
     * nothing at all, and on-call reads it in the attempt, the routes panel and a {@code delivery.dead}.
     */
    private IOException unanswered(Throwable cause) {
        String where = url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        if (cause instanceof ConnectException) {
            ConnectException named = new ConnectException("no connection to " + where
                    + (cause.getMessage() == null || cause.getMessage().isBlank() ? " (refused or unreachable)"
                    : ": " + cause.getMessage()));
            named.initCause(cause);
            return named;
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    /** Keeps the first bytes of a body and cancels the rest; completes with them when it has enough or the body ends. */
    private static final class FirstBytes implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        FirstBytes(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (done.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int take = Math.min(item.remaining(), limit - kept.size());
                byte[] chunk = new byte[take];
                item.get(chunk);
                kept.write(chunk, 0, take);
            }
            if (kept.size() >= limit) {
                subscription.cancel();
                done.complete(kept.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public synchronized void onComplete() {
            done.complete(kept.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        synchronized byte[] kept() {
            return kept.toByteArray();
        }

        void stop() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * The bytes as UTF-8 text, without a character cut in two at the end: a kilobyte read from a
     * longer body may stop inside one.
     */
    public static String text(byte[] bytes) {
        return new String(bytes, 0, whole(bytes), StandardCharsets.UTF_8);
    }

    /** How many of the bytes end on a UTF-8 character boundary. */
    static int whole(byte[] bytes) {
        int end = bytes.length;
        int lead = end - 1;
        while (lead >= 0 && end - lead <= 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return end;
        }
        int b = bytes[lead] & 0xFF;
        int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + length > end ? lead : end;
    }
}
