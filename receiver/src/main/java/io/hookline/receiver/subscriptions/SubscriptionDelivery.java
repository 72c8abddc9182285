package io.hookline.receiver.subscriptions;

import io.hookline.handlers.RetryAfter;
import io.hookline.provider.common.StandardWebhooksKey;
import io.hookline.provider.common.StandardWebhooksSignature;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.StoredEvent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One delivery to a subscription's target, signed as Standard Webhooks: {@code webhook-id} is the
 * event id (the same on every retry, so the target can deduplicate), {@code webhook-timestamp},
 * and {@code webhook-signature} with a {@code v1,} signature under each secret in force (the new
 * and the previous one during a rotation's grace), and, like the {@code forward} handler,
 * {@code X-Hookline-Source}, {@code X-Hookline-Event-Type} (the type as {@link CarriedText} encodes it)
 * and {@code X-Hookline-Request-Id} (the request that brought the event). The target's address is checked again before
 * each delivery unless private targets are allowed.
 */
final class SubscriptionDelivery implements RouteHandler {

    static final int ANSWER_KEPT = 1024;
    private static final String FILTERED = "[Filtered]";

    private final HttpClient client;
    private final URI url;
    private final Map<String, String> headers;
    private final List<byte[]> keys;
    private final boolean allowPrivate;
    private volatile String lastAnswer;

    /** @param secrets the {@code whsec_} secrets in force, the current one first */
    SubscriptionDelivery(HttpClient client, URI url, Map<String, String> headers, List<String> secrets,
            boolean allowPrivate) {
        this.client = client;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.keys = secrets.stream().map(StandardWebhooksKey::decode).toList();
        this.allowPrivate = allowPrivate;
    }

    @Override
    public void handle(StoredEvent event, HandlerContext context) throws Exception {
        Map<String, String> about = new LinkedHashMap<>();
        about.put("X-Hookline-Source", event.source());
        about.put("X-Hookline-Event-Type", CarriedText.encode(event.type()));
        if (event.requestId() != null) {
            about.put("X-Hookline-Request-Id", CarriedText.encode(event.requestId()));
        }
        // The body is the one the sender sent, compressed or not; the target is told how to read it.
        String coding = event.headers().get("content-encoding");
        if (coding != null) {
            about.put("Content-Encoding", coding);
        }
        TargetAnswer answer = send(event.id(), event.body(), event.headers().getOrDefault("content-type", "application/json"),
                about, context.timeout());
        if (!delivered(answer)) {
            throw notDelivered(answer);
        }
        lastAnswer = said(answer);
    }

    /** Whether the answer is a delivery: a 2xx. A redirect is not followed, so it is not one. */
    static boolean delivered(TargetAnswer answer) {
        return answer.status() >= 200 && answer.status() <= 299;
    }

    /** What an answer that is not a delivery is, for the dispatcher to classify. */
    DownstreamStatusException notDelivered(TargetAnswer answer) {
        return new DownstreamStatusException(answer.status(), answer.retryAfter(), said(answer));
    }

    private String said(TargetAnswer answer) {
        return String.format(Locale.ROOT, "HTTP %d from %s%s", answer.status(), url.getHost(),
                answer.body().isEmpty() ? "" : ": " + answer.body());
    }

    /**
     * The answer's first kilobyte as it is kept and shown. A target that echoes a request header
     * (an error page quoting the {@code Authorization} it refused) would put that value in the
     * attempts table, the admin API and Sentry: the subscription's header values are filtered out.
     */
    private String kept(byte[] answered) {
        String body = new String(answered, StandardCharsets.UTF_8);
        for (String value : headers.values()) {
            if (value.length() >= 4) {
                body = body.replace(value, FILTERED);
            }
        }
        return body;
    }

    /** What the target answered to the last successful delivery: status, host, the first kilobyte. */
    String lastAnswer() {
        return lastAnswer;
    }

    /** Signs and POSTs a message; answers what the target said. */
    TargetAnswer send(String messageId, byte[] body, String contentType, Map<String, String> about, Duration timeout)
            throws Exception {
        if (!allowPrivate) {
            var refusal = TargetAddresses.refusal(url);
            if (refusal.isPresent()) {
                throw new PermanentFailureException("not delivered: " + refusal.get());
            }
        }
        long timestamp = Instant.now().getEpochSecond();
        String signatures = keys.stream().map(key -> StandardWebhooksSignature.v1(key, messageId, timestamp, body))
                .collect(Collectors.joining(" "));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        about.forEach(request::header);
        request.header("Content-Type", contentType).header("User-Agent", "Hookline")
                .header("webhook-id", messageId).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures);
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] answered;
        try (InputStream in = response.body()) {
            answered = in.readNBytes(ANSWER_KEPT);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new TargetAnswer(response.statusCode(), took, kept(answered),
                RetryAfter.parse(response.headers().firstValue("Retry-After")));
    }
}
