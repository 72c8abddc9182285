package io.hookline.handlers;

import io.hookline.provider.common.StandardWebhooksKey;
import io.hookline.provider.common.StandardWebhooksSigner;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * for events stored before the receiver kept it. What the target answered (status, headers, the
 * first kilobyte of the body, the URL) is reported to the receiver with every attempt. The POST
 * itself is {@link SignedSender}'s, shared with subscriptions.
 */
public final class ForwardHandler implements EventHandler {

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
        return new ForwardRoute(new SignedSender(uri, Map.of(),
                key == null ? List.of() : List.of(StandardWebhooksSigner.hmac(key))), target);
    }

    /** One route's target: its URL and signing key, parsed once. */
    private record ForwardRoute(SignedSender sender, String failure) implements RouteHandler {

        @Override
        public void handle(StoredEvent event, HandlerContext context) throws Exception {
            DownstreamAnswer answer = sender.send(SignedSender.Message.of(event), context.timeout());
            context.answered(answer);
            int status = answer.status();
            if (status < 200 || status > 299) {
                throw new DownstreamStatusException(status, RetryAfter.of(answer),
                        String.format(Locale.ROOT, failure, status));
            }
        }
    }
}
