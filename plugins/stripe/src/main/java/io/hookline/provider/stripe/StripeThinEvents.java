package io.hookline.provider.stripe;

import io.hookline.provider.common.ApiClient;
import io.hookline.provider.common.CappedBody;
import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.RateLimits;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
 *
 * <p>A 200 is kept and forwarded as the event only when it is one: a JSON object, with
 * {@code "object": "v2.core.event"} and the notification's {@code id}, of at most
 * {@link #MAX_EVENT_BYTES} (read no further). Not a JSON object (a proxy's HTML page) is transient;
 * another object or event, or too large, is not retried ({@code downstream_rejected}).
 *
 * <p>The call is made once per attempt, not tried again inside it (the route's retries do that),
 * over HTTP/1.1 to an {@code http://} {@code api-url}, with {@code User-Agent: Hookline}.
 */
final class StripeThinEvents implements EventFetch {

    private static final List<String> FIELDS = List.of("id", "object", "context");

    /** No Stripe event comes near it; hookline's own max-body-size is 1 MB by default. */
    static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final URI apiRoot;
    private final String authorization;
    private final HttpClient.Version version;

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
        this.authorization = "Bearer " + apiKey;
        // As the forward handler does: HTTP/2 over http:// would be asked for with an h2c upgrade
        // (Connection: Upgrade, HTTP2-Settings), which proxies and test servers often refuse.
        this.version = "http".equalsIgnoreCase(apiRoot.getScheme()) ? HttpClient.Version.HTTP_1_1
                : HttpClient.Version.HTTP_2;
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
        String call = "the Stripe fetch of event " + id + " (" + ApiClient.describe("GET", address) + ")";
        HttpRequest.Builder request = HttpRequest.newBuilder(address).GET().version(version).timeout(CALL_TIMEOUT)
                .header("User-Agent", "Hookline").header("Authorization", authorization);
        String context = fields.get("context");
        if (context != null) {
            request.header("Stripe-Context", context);
        }
        HttpResponse<byte[]> response;
        try {
            // Only a 200's body is read (the event, at most MAX_EVENT_BYTES); another status says all there is.
            response = HTTP.send(request.build(), info -> info.statusCode() == 200
                    ? CappedBody.handler(MAX_EVENT_BYTES).apply(info)
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
        } catch (HttpTimeoutException slow) {
            throw new TransientFailureException(call + ": Stripe did not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (IOException unreachable) {
            if (CappedBody.tooLarge(unreachable)) {
                // What is kept and forwarded as the event must not be whatever a misdirected api-url serves.
                throw new DownstreamStatusException(200, null, call + ": the answer is larger than "
                        + MAX_EVENT_BYTES / (1024 * 1024) + " MB, which no Stripe event is (is settings.api-url Stripe's API?)");
            }
            throw new TransientFailureException(call + ": Stripe could not be reached: " + unreachable, unreachable);
        }
        if (response.statusCode() != 200) {
            throw failure(response, call);
        }
        return Optional.of(checked(id, response.body(), response, call));
    }

    /**
     * The answer when it is the event asked for: a JSON object with {@code "object": "v2.core.event"}
     * and the notification's {@code id} (docs.stripe.com/api/v2/core/events/object). Something that
     * is not a JSON object (a proxy's HTML login or error page) may pass: it fails the attempt as
     * transient. A JSON object that is another thing or another event will not change when asked
     * again: not retried.
     */
    private static byte[] checked(String id, byte[] answer, HttpResponse<?> response, String call)
            throws TransientFailureException, DownstreamStatusException {
        Map<String, String> fields;
        try {
            fields = JsonFields.read(answer, FIELDS);
        } catch (InvalidPayloadException notJson) {
            fields = null;
        }
        if (fields == null || !startsAsObject(answer)) {
            throw new TransientFailureException(call + ": Stripe answered 200 with something that is not a JSON event"
                    + response.headers().firstValue("Content-Type").map(type -> " (Content-Type " + type + ")").orElse("")
                    + ": a proxy's page? It is not kept; the attempt is retried");
        }
        if (!id.equals(fields.get("id")) || !StripeProvider.THIN_EVENT.equals(fields.get("object"))) {
            throw new DownstreamStatusException(200, null, call + ": Stripe answered 200 with "
                    + fields.get("object") + " " + fields.get("id") + ", not v2.core.event " + id
                    + " (is settings.api-url Stripe's API?)");
        }
        return answer;
    }

    private static boolean startsAsObject(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    private String root() {
        String root = apiRoot.toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static DownstreamStatusException failure(HttpResponse<?> response, String call) {
        int status = response.statusCode();
        String why = switch (status) {
            case 401 -> ": the API key (settings.api-key) is not valid";
            case 403 -> ": the key may not read this event (API v2 takes secret keys; check the event's context)";
            case 404 -> ": the event is not there (gone: Stripe keeps events 30 days; or of another account or sandbox"
                    + " than the key's)";
            case 429 -> ": rate limited";
            default -> "";
        };
        Duration retryAfter = status == 429
                ? RateLimits.retryAt(response, null, null).map(at -> Duration.between(Instant.now(), at)).orElse(null)
                : null;
        return new DownstreamStatusException(status, retryAfter, call + ": Stripe answered " + status + why);
    }
}
