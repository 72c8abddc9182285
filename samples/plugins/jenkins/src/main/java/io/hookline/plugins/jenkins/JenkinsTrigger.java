package io.hookline.plugins.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.StoredEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** One route's Jenkins job: where to post, as whom, and which parameters to take from the body. */
final class JenkinsTrigger implements RouteHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI trigger;
    private final String authorization;
    private final Map<String, String> pointers;

    JenkinsTrigger(URI trigger, String authorization, Map<String, String> pointers) {
        this.trigger = trigger;
        this.authorization = authorization;
        this.pointers = pointers;
    }

    @Override
    public void handle(StoredEvent event, HandlerContext context) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(trigger)
                .timeout(context.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters(event))))
                .build();
        HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status != 201 && (status < 200 || status > 299)) {
            throw new DownstreamStatusException(status, null, "Jenkins answered HTTP " + status + " to "
                    + trigger.getPath() + (status == 404 ? " (no such job)" : ""));
        }
    }

    private Map<String, String> parameters(StoredEvent event) throws PermanentFailureException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("HOOKLINE_EVENT_ID", event.id());
        parameters.put("HOOKLINE_EVENT_TYPE", CarriedText.encode(event.type()));
        parameters.put("HOOKLINE_SOURCE", event.source());
        if (pointers.isEmpty()) {
            return parameters;
        }
        JsonNode body;
        try {
            body = JSON.readTree(event.body());
        } catch (IOException e) {
            throw new PermanentFailureException("the event body is not JSON, so no parameter can be taken from it");
        }
        pointers.forEach((name, pointer) -> {
            JsonNode value = body.at(pointer);
            if (!value.isMissingNode() && !value.isNull()) {
                parameters.put(name, value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return parameters;
    }

    private static String form(Map<String, String> parameters) {
        StringJoiner form = new StringJoiner("&");
        parameters.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
