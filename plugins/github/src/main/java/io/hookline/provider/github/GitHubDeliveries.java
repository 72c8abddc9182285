package io.hookline.provider.github;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookline.provider.common.ApiClient;
import io.hookline.provider.common.RateLimits;
import io.hookline.provider.common.SentWithoutAnswer;
import io.hookline.spi.CatchUpException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's webhook delivery API for one hook, as documented for repository and organization hooks
 * (docs.github.com/en/rest/repos/webhooks, /rest/orgs/webhooks): {@code GET {hook}/deliveries},
 * newest first, 100 a page, the next page's cursor in the {@code Link} header; and
 * {@code POST {hook}/deliveries/{id}/attempts}, answered 202, after which GitHub sends the delivery
 * again, signed, to the hook's URL.
 */
final class GitHubDeliveries {

    /** The API root unless {@code api-url} says otherwise (GitHub Enterprise Server: {@code https://HOST/api/v3}). */
    static final String PUBLIC_API = "https://api.github.com";
    static final Pattern HOOK = Pattern.compile("(repos/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+|orgs/[A-Za-z0-9_.-]+)/hooks/[0-9]+");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final JsonFactory JSON = new JsonFactory();

    /** One delivery attempt as GitHub lists it; {@code guid} is the {@code X-GitHub-Delivery} of every attempt of one event. */
    record Delivery(long id, String guid, Instant deliveredAt, boolean redelivery, int statusCode, String event) {

        /** Whether the receiver answered it with success. */
        boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    /** One page of deliveries, newest first, and the next page's address, or null on the last. */
    record Page(List<Delivery> deliveries, URI next) {}

    private final URI apiRoot;
    private final String hook;
    private final ApiClient client;

    GitHubDeliveries(URI apiRoot, String hook, String token) {
        this.apiRoot = apiRoot;
        this.hook = hook;
        this.client = new ApiClient("GitHub", Map.of("Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
    }

    URI firstPage() {
        return URI.create(root() + "/" + hook + "/deliveries?per_page=100");
    }

    Page page(URI address) throws CatchUpException, InterruptedException {
        HttpResponse<byte[]> response = client.get(address);
        if (response.statusCode() != 200) {
            throw failure(response, "GET", address);
        }
        List<Delivery> deliveries;
        try {
            deliveries = parse(response.body());
        } catch (IOException | RuntimeException e) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, "GitHub's answer to "
                    + ApiClient.describe("GET", address) + " is not a list of deliveries: " + e.getMessage());
        }
        return new Page(deliveries, next(response));
    }

    /** A page's JSON array of deliveries; fields GitHub adds later are skipped. */
    static List<Delivery> parse(byte[] body) throws IOException {
        List<Delivery> deliveries = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return deliveries;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                deliveries.add(delivery(parser));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("an element that is not an object");
            }
        }
        return deliveries;
    }

    private static Delivery delivery(JsonParser parser) throws IOException {
        long id = 0;
        String guid = null;
        Instant deliveredAt = null;
        boolean redelivery = false;
        int statusCode = 0;
        String event = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "id" -> id = parser.getLongValue();
                case "guid" -> guid = parser.getValueAsString();
                case "delivered_at" -> deliveredAt = instant(parser.getValueAsString());
                case "redelivery" -> redelivery = parser.getBooleanValue();
                case "status_code" -> statusCode = parser.getIntValue();
                case "event" -> event = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        return new Delivery(id, guid, deliveredAt, redelivery, statusCode, event);
    }

    private static Instant instant(String text) throws IOException {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IOException("delivered_at '" + text + "' is not a time", e);
        }
    }

    /** What became of a request to redeliver one delivery. */
    enum Redelivery {
        /** GitHub accepted; the delivery comes again through the hook. */
        ACCEPTED,
        /** GitHub refused this one delivery (too old, already being redelivered); the run goes on. */
        REFUSED,
        /** Sent, and the connection ended before GitHub answered: it may have been accepted. */
        UNANSWERED
    }

    /** A request's outcome and, unless accepted, why, in words that name the delivery. */
    record Asked(Redelivery outcome, String why) {}

    /**
     * Asks GitHub to send the delivery again, once: a request that may have reached GitHub is never
     * repeated (ApiClient repeats it only when the connection was not made). Throws when the run
     * cannot go on: the token, the rate limit, GitHub not reachable.
     */
    Asked redeliver(long deliveryId) throws CatchUpException, InterruptedException {
        URI address = URI.create(root() + "/" + hook + "/deliveries/" + deliveryId + "/attempts");
        HttpResponse<byte[]> response;
        try {
            response = client.post(address);
        } catch (SentWithoutAnswer unanswered) {
            return new Asked(Redelivery.UNANSWERED, unanswered.getMessage());
        }
        int status = response.statusCode();
        if (status == 202 || status == 200 || status == 201) {
            return new Asked(Redelivery.ACCEPTED, null);
        }
        if (status == 400 || status == 404 || status == 422) {
            return new Asked(Redelivery.REFUSED, "GitHub refused to redeliver delivery " + deliveryId + " (" + status + ")");
        }
        throw failure(response, "POST", address);
    }

    private String root() {
        String root = apiRoot.toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /**
     * The next page from the {@code Link} header, followed only on the API's own origin: the token
     * goes nowhere else, whatever a header says.
     */
    private URI next(HttpResponse<byte[]> response) throws CatchUpException {
        Optional<String> link = response.headers().firstValue("link");
        if (link.isEmpty()) {
            return null;
        }
        Matcher next = NEXT.matcher(link.get());
        if (!next.find()) {
            return null;
        }
        URI address;
        try {
            address = URI.create(next.group(1));
        } catch (IllegalArgumentException e) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, "GitHub's Link header has no usable next page: "
                    + e.getMessage());
        }
        if (address.getHost() == null || !sameOrigin(address, apiRoot)) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, "GitHub's next page is not on " + apiRoot.getHost()
                    + " (" + address.getScheme() + "://" + address.getHost() + "); not following it with the token");
        }
        return address;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * What a refused call means, as GitHub documents it: 403 or 429 with {@code retry-after}, or with
     * {@code x-ratelimit-remaining: 0} and the reset in {@code x-ratelimit-reset}, is a rate limit;
     * any other 403, or a 401, is the token; 404 is a hook that does not exist or that the token cannot see.
     */
    private CatchUpException failure(HttpResponse<byte[]> response, String method, URI address) {
        int status = response.statusCode();
        String call = "GitHub answered " + status + " to " + ApiClient.describe(method, address);
        Optional<Instant> retryAt = RateLimits.retryAt(response, "x-ratelimit-remaining", "x-ratelimit-reset");
        if ((status == 403 || status == 429) && retryAt.isPresent()) {
            return new CatchUpException(CatchUpException.Cause.RATE_LIMITED, call + ": rate limited until " + retryAt.get(),
                    retryAt.get());
        }
        if (status == 429 || status == 403 && RateLimits.saysRateLimit(response)) {
            Instant later = Instant.now().plusSeconds(60);
            return new CatchUpException(CatchUpException.Cause.RATE_LIMITED, call + ": secondary rate limit; waiting until " + later,
                    later);
        }
        return switch (status) {
            case 401 -> new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED,
                    call + ": the token is not valid (expired or revoked)");
            case 403 -> new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED, call
                    + ": the token may not read or redeliver this hook's deliveries (it needs admin:repo_hook, or"
                    + " admin:org_hook for an organization hook; fine-grained: the Webhooks permission, write)");
            case 404 -> new CatchUpException(CatchUpException.Cause.NOT_FOUND, call + ": there is no hook " + hook
                    + ", or the token cannot see it");
            default -> new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, call);
        };
    }
}
