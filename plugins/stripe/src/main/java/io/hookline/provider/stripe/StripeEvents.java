package io.hookline.provider.stripe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookline.provider.common.ApiClient;
import io.hookline.provider.common.RateLimits;
import io.hookline.spi.CatchUpException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's List events call (docs.stripe.com/api/events/list): {@code GET /v1/events} with
 * {@code created[gte]}, {@code limit=100} and {@code starting_after} the last id of the page
 * before, newest first, {@code has_more} saying whether another page follows; events of the last
 * 30 days only. Each event comes back as the bytes Stripe's answer held for it.
 */
final class StripeEvents {

    /** The API root unless {@code api-url} says otherwise. */
    static final String PUBLIC_API = "https://api.stripe.com";
    private static final JsonFactory JSON = new JsonFactory();

    /** One event: its id and the bytes of its object in Stripe's answer. */
    record Fetched(String id, byte[] body) {}

    /** One page, newest first, and whether Stripe has more. */
    record Page(List<Fetched> events, boolean hasMore) {}

    private final URI apiRoot;
    private final ApiClient client;

    StripeEvents(URI apiRoot, String apiKey) {
        this.apiRoot = apiRoot;
        this.client = new ApiClient("Stripe", Map.of("Authorization", "Bearer " + apiKey));
    }

    Page page(Instant since, String startingAfter) throws CatchUpException, InterruptedException {
        String root = apiRoot.toString().endsWith("/") ? apiRoot.toString().substring(0, apiRoot.toString().length() - 1)
                : apiRoot.toString();
        URI address = URI.create(root + "/v1/events?limit=100&created%5Bgte%5D=" + since.getEpochSecond()
                + (startingAfter == null ? "" : "&starting_after=" + startingAfter));
        HttpResponse<byte[]> response = client.get(address);
        if (response.statusCode() != 200) {
            throw failure(response, address);
        }
        try {
            return parse(response.body());
        } catch (IOException | RuntimeException e) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, "Stripe's answer to "
                    + ApiClient.describe("GET", address) + " is not a list of events: " + e.getMessage());
        }
    }

    /** Walks the list object: each element of {@code data} is sliced out as it was, its top-level {@code id} read. */
    static Page parse(byte[] body) throws IOException {
        List<Fetched> events = new ArrayList<>();
        boolean hasMore = false;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("has_more".equals(field)) {
                    hasMore = value == JsonToken.VALUE_TRUE;
                } else if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        events.add(event(parser, body));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Page(events, hasMore);
    }

    private static Fetched event(JsonParser parser, byte[] body) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        String id = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                id = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        int end = (int) parser.currentLocation().getByteOffset();
        if (id == null) {
            throw new IOException("an event without an id");
        }
        return new Fetched(id, Arrays.copyOfRange(body, start, end));
    }

    /**
     * What a refused call means, as Stripe documents its errors: 401 a key that is not valid, 403 a
     * restricted key without read access to events, 429 too many requests (retry later).
     */
    private static CatchUpException failure(HttpResponse<byte[]> response, URI address) {
        int status = response.statusCode();
        String call = "Stripe answered " + status + " to " + ApiClient.describe("GET", address);
        return switch (status) {
            case 401 -> new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED, call + ": the API key is not valid");
            case 403 -> new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED,
                    call + ": the key may not read events (a restricted key needs Events: read)");
            case 404 -> new CatchUpException(CatchUpException.Cause.NOT_FOUND, call + ": check api-url");
            case 429 -> {
                Optional<Instant> retryAt = RateLimits.retryAt(response, null, null);
                Instant later = retryAt.orElse(Instant.now().plusSeconds(60));
                yield new CatchUpException(CatchUpException.Cause.RATE_LIMITED, call + ": rate limited until " + later, later);
            }
            default -> new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, call);
        };
    }
}
