package io.hookline.provider.stripe;

import io.hookline.provider.common.ApiClient;
import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.RateLimits;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches the full form of a Stripe thin event, as Stripe documents it:
 * <ul>
 *   <li>a thin event ({@code "object": "v2.core.event"}) carries {@code id}, {@code type},
 *       {@code created}, {@code context} and {@code related_object}, and "during processing, you must
 *       fetch the versioned event from the API" (docs.stripe.com/api/v2/core/events/event-types);
 *   <li>the call is Retrieve an Event, {@code GET /v2/core/events/:id}, with the key as
 *       {@code Authorization: Bearer} ("You can only access APIs in the /v2 namespace with secret
 *       keys", docs.stripe.com/api-v2-overview, which also says v2 has no test mode: sandboxes); it answers the Event object with its {@code data}, or
 *       404 {@code not_found} (docs.stripe.com/api/v2/core/events/retrieve,
 *       docs.stripe.com/api/v2/core/events/object);
 *   <li>{@code context} is the "authentication context needed to fetch the event or related object"
 *       (event-types page), sent as the {@code Stripe-Context} header, which makes the call "in the
 *       context of a related account", such as a connected account {@code acct_…}
 *       (docs.stripe.com/context). A null context means the key's own account: no header.
 * </ul>
 * A snapshot event ({@code "object": "event"}) is complete as sent: nothing is fetched.
 *
 * <p>Failures are told as the receiver's routes classify them: 401 (key not valid) and 403 (a
 * restricted key without read access to events) are {@code permission_denied}, 404 (the event is
 * gone: Stripe keeps events 30 days) is not retried, 429 and 5xx are retried after Stripe's
 * {@code Retry-After} or on the route's schedule, and no answer at all is transient.
 */
final class StripeThinEvents implements EventFetch {

    private static final List<String> FIELDS = List.of("id", "object", "context");

    private final URI apiRoot;
    private final ApiClient client;

    /**
     * A source's fetch of thin events when {@code fetch-thin-events} is {@code true}: {@code api-key}
     * required, {@code api-url} for tests and proxies; empty when it is off.
     *
     * @throws IllegalArgumentException naming the key of a setting that cannot work
     */
    static Optional<EventFetch> of(SourceSettings source) {
        Optional<String> key = source.setting("api-key").filter(value -> !value.isBlank());
        if (!StripeProvider.flag(source, "fetch-thin-events")) {
            if (key.isPresent()) {
                throw new IllegalArgumentException(source.settingKey("api-key")
                        + ": is used only with " + source.settingKey("fetch-thin-events") + ": true");
            }
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(source.settingKey("api-key")
                    + ": required with fetch-thin-events: a key that may read events (Stripe's API v2 takes secret keys,"
                    + " sk_...; a restricted key, rk_..., where Stripe accepts one)");
        }
        URI apiUrl;
        try {
            apiUrl = URI.create(source.setting("api-url").orElse(StripeEvents.PUBLIC_API));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.settingKey("api-url") + ": not a URL");
        }
        if (!"https".equals(apiUrl.getScheme()) && !"http".equals(apiUrl.getScheme())) {
            throw new IllegalArgumentException(source.settingKey("api-url") + ": not an http(s) URL");
        }
        return Optional.of(new StripeThinEvents(apiUrl, key.get()));
    }

    StripeThinEvents(URI apiRoot, String apiKey) {
        this.apiRoot = apiRoot;
        this.client = new ApiClient("Stripe", Map.of("Authorization", "Bearer " + apiKey));
    }

    @Override
    public Optional<byte[]> fetch(StoredEvent notification)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        Map<String, String> fields;
        try {
            fields = JsonFields.read(notification.body(), FIELDS);
        } catch (InvalidPayloadException notJson) {
            return Optional.empty();
        }
        String id = fields.get("id");
        if (!StripeProvider.THIN_EVENT.equals(fields.get("object")) || id == null) {
            return Optional.empty();
        }
        URI address = URI.create(root() + "/v2/core/events/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        String context = fields.get("context");
        HttpResponse<byte[]> response;
        try {
            response = client.get(address, context == null ? Map.of() : Map.of("Stripe-Context", context));
        } catch (CatchUpException unreachable) {
            throw new TransientFailureException(unreachable.getMessage());
        }
        if (response.statusCode() == 200) {
            return Optional.of(response.body());
        }
        throw failure(response, address);
    }

    private String root() {
        String root = apiRoot.toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static DownstreamStatusException failure(HttpResponse<byte[]> response, URI address) {
        int status = response.statusCode();
        String call = "Stripe answered " + status + " to " + ApiClient.describe("GET", address);
        String why = switch (status) {
            case 401 -> ": the API key (settings.api-key) is not valid";
            case 403 -> ": the key may not read this event (API v2 takes secret keys; check the event's context)";
            case 404 -> ": the event is not there (gone after 30 days, another account, or another mode)";
            case 429 -> ": rate limited";
            default -> "";
        };
        Duration retryAfter = status == 429
                ? RateLimits.retryAt(response, null, null).map(at -> Duration.between(Instant.now(), at)).orElse(null)
                : null;
        return new DownstreamStatusException(status, retryAfter, call + why);
    }
}
