package com.example.hookline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.CatchUpRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catch-up through the Acme events API (the template's README describes it): one
 * {@code GET {api-url}/events?since={unix seconds}} with the API token lists what Acme sent since
 * then, each event with the body its webhook carried; the events the source does not hold are
 * stored through the receiver, identified by {@link AcmeProvider}'s own rules from the same headers
 * a webhook has.
 */
final class AcmeCatchUp implements CatchUp {

    /** Acme keeps a week of events. */
    private static final Duration REACH = Duration.ofDays(7);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The most of an answer a call reads. Bound it, as the time: an API (or whatever answers at
     * its address) sending hundreds of MB would otherwise fill the receiver's heap, and a receiver
     * that cannot allocate cannot store.
     */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI api;
    private final String token;
    private final HttpClient http;

    AcmeCatchUp(URI api, String token) {
        this.api = api;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
    }

    /** One event as the API lists it; {@code body} is the webhook's body, as text. */
    record AcmeEvent(String id, String type, long created, String body) {}

    /** The API's answer. */
    record EventList(List<AcmeEvent> events) {}

    @Override
    public Duration reach() {
        return REACH;
    }

    @Override
    public void run(CatchUpRun run) throws CatchUpException, InterruptedException {
        List<AcmeEvent> events = list(run.since());
        run.checked(events.size());
        Set<String> held = run.storedKeys(events.stream().map(AcmeEvent::id).toList());
        for (AcmeEvent event : events) {
            if (!held.contains(event.id())) {
                run.store(event.body().getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json",
                        "x-acme-event-id", event.id(), "x-acme-event-type", event.type()));
            }
        }
    }

    private List<AcmeEvent> list(Instant since) throws CatchUpException, InterruptedException {
        URI uri = URI.create(api.toString().replaceAll("/+$", "") + "/events?since=" + since.getEpochSecond());
        String call = "GET " + uri;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> answer;
        byte[] body;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                // One byte past the limit says the answer is longer; closing the stream drops the rest.
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (IOException e) {
            throw new CatchUpException(CatchUpException.Cause.UNREACHABLE, "Acme did not answer " + call + ": " + e);
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER, "Acme's answer to " + call
                    + " is larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MB, the most a call reads;"
                    + " the rest was not read");
        }
        int status = answer.statusCode();
        switch (status) {
            case 200 -> { }
            case 401, 403 -> throw new CatchUpException(CatchUpException.Cause.CREDENTIALS_REJECTED,
                    "Acme answered " + status + " to " + call + ": the token is not valid");
            case 404 -> throw new CatchUpException(CatchUpException.Cause.NOT_FOUND,
                    "Acme answered 404 to " + call + ": is api-url the API's root?");
            case 429 -> throw new CatchUpException(CatchUpException.Cause.RATE_LIMITED,
                    "Acme answered 429 to " + call, retryAt(answer));
            default -> throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER,
                    "Acme answered " + status + " to " + call);
        }
        try {
            EventList list = JSON.readValue(body, EventList.class);
            if (list.events() == null || list.events().stream().anyMatch(AcmeCatchUp::incomplete)) {
                throw new IOException("an event without id, type or body");
            }
            return list.events();
        } catch (IOException e) {
            throw new CatchUpException(CatchUpException.Cause.UNEXPECTED_ANSWER,
                    "Acme's answer to " + call + " is not the documented event list: " + e.getMessage());
        }
    }

    private static boolean incomplete(AcmeEvent event) {
        return event == null || event.id() == null || event.type() == null || event.body() == null;
    }

    /** When {@code Retry-After} (seconds) says to ask again; null when it says nothing readable. */
    private static Instant retryAt(HttpResponse<?> answer) {
        return answer.headers().firstValue("retry-after").filter(value -> value.matches("[0-9]{1,9}"))
                .map(seconds -> Instant.now().plusSeconds(Long.parseLong(seconds))).orElse(null);
    }
}
