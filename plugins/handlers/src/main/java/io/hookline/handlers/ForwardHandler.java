package io.hookline.handlers;

import io.hookline.provider.common.StandardWebhooksKey;
import io.hookline.provider.common.StandardWebhooksSignature;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * {@code forward}: POSTs the original body to {@code settings.url} (with its {@code Content-Encoding}
 * when it arrived compressed), signed with Standard Webhooks
 * headers ({@code webhook-id} is the Hookline event id, stable across retries, so the target can
 * deduplicate) when {@code settings.secret} ({@code whsec_…}) is set. A 2xx answer is success;
 * anything else fails the attempt with its status and the target's {@code Retry-After}. Redirects
 * are not followed: a 3xx is a misconfigured URL, not a success. {@code X-Hookline-Event-Type} carries
 * the type as {@link CarriedText} encodes it: a header cannot hold every character a sender may
 * put in a type. {@code X-Hookline-Request-Id} carries the id of the request that brought the event
 * (the {@code X-Request-Id} the receiver answered the sender with, and the {@code request_id} of its
 * log lines), so one id finds the webhook, its deliveries and the target's own logs; it is left out
 * for events stored before the receiver kept it.
 */
public final class ForwardHandler implements EventHandler {

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Override
    public String id() {
        return "forward";
    }

    @Override
    public RouteHandler bind(RouteSettings route) {
        route.requireKnownSettings(Set.of("url", "secret"));
        String url = route.settings().get("url");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(route.settingKey("url") + " is required: where to POST the event");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(route.settingKey("url") + " is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(route.settingKey("url") + " must be an http or https URL with a host");
        }
        String secret = route.settings().get("secret");
        byte[] key = null;
        if (secret != null) {
            try {
                key = StandardWebhooksKey.decode(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(route.settingKey("secret")
                        + " must be a Standard Webhooks secret: 'whsec_' followed by base64");
            }
        }
        String target = "HTTP %d from " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return new ForwardRoute(client, uri, key, target);
    }

    /** One route's target: its URL and signing key, parsed once. */
    private record ForwardRoute(HttpClient client, URI url, byte[] key, String failure) implements RouteHandler {

        @Override
        public void handle(StoredEvent event, HandlerContext context) throws Exception {
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(context.timeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                    .header("Content-Type", event.headers().getOrDefault("content-type", "application/json"))
                    .header("User-Agent", "Hookline")
                    .header("webhook-id", event.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("X-Hookline-Source", event.source())
                    .header("X-Hookline-Event-Type", CarriedText.encode(event.type()));
            if (event.requestId() != null) {
                request.header("X-Hookline-Request-Id", CarriedText.encode(event.requestId()));
            }
            // The body is the one the sender sent, compressed or not; the target is told how to read it.
            String coding = event.headers().get("content-encoding");
            if (coding != null) {
                request.header("Content-Encoding", coding);
            }
            if (key != null) {
                request.header("webhook-signature", StandardWebhooksSignature.v1(key, event.id(), timestamp, event.body()));
            }
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new DownstreamStatusException(status, RetryAfter.parse(response.headers().firstValue("Retry-After")),
                        String.format(Locale.ROOT, failure, status));
            }
        }
    }
}
