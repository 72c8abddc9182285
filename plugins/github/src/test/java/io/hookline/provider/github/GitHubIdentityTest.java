package io.hookline.provider.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.SourceSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubIdentityTest {

    private static final SourceSettings SOURCE = new SourceSettings("gh", "github", List.of("s"), Map.of());

    private final GitHubProvider github = new GitHubProvider();

    @Test
    void typeIsTheEventHeaderPlusTheBodyAction() {
        EventIdentity identity = identify("pull_request", "{\"action\":\"opened\",\"number\":2}", "application/json");
        assertEquals("pull_request.opened", identity.type());
        assertEquals("72d3162e-cc78-11e3-81ab-4c9367dc0958", identity.key());
    }

    @Test
    void eventWithoutActionIsTypedByTheHeaderAlone() {
        assertEquals("push", identify("push", "{\"ref\":\"refs/heads/main\",\"commits\":[]}", "application/json").type());
    }

    @Test
    void nestedActionFieldsAreNotMistakenForTheEventAction() {
        String body = "{\"check_run\":{\"action\":\"nested\"},\"sender\":{\"login\":\"x\"}}";
        assertEquals("check_run", identify("check_run", body, "application/json").type());
    }

    @Test
    void formEncodedDeliveryIsReadFromThePayloadField() {
        String form = "payload=" + URLEncoder.encode("{\"action\":\"closed\"}", StandardCharsets.UTF_8);
        assertEquals("issues.closed", identify("issues", form, "application/x-www-form-urlencoded").type());
    }

    @Test
    void formWhosePayloadHasABadEscapeIsAnInvalidPayloadNamingTheFieldAndWhere() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> identify("issues", "payload=%7B%22action%22%3A%2", "application/x-www-form-urlencoded"));
        assertEquals("form field 'payload' has a bad %-escape at character 27: '%' must be followed by two hex digits",
                e.getMessage());
        InvalidPayloadException none = assertThrows(InvalidPayloadException.class,
                () -> identify("issues", "zen=x", "application/x-www-form-urlencoded"));
        assertEquals("form body has no 'payload' field", none.getMessage());
    }

    @Test
    void bodyThatIsNotJsonIsAnInvalidPayloadWithItsPosition() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> identify("push", "{\"ref\": ", "application/json"));
        assertEquals("body is not JSON: it ends before the JSON does at line 1 column 9", e.getMessage());
    }

    @Test
    void jsonArrayOrTrailingGarbageIsAnInvalidPayload() {
        assertThrows(InvalidPayloadException.class, () -> identify("push", "[1,2]", "application/json"));
        assertThrows(InvalidPayloadException.class, () -> identify("push", "{} {}", "application/json"));
    }

    @Test
    void everyBodyItIdentifiesIsOneJsonObjectAsItTellsTheReceiver() {
        assertTrue(github.bind(SOURCE).identifyChecksJsonObject());
        assertThrows(InvalidPayloadException.class,
                () -> identify("push", "{\"ref\":\"refs/heads/main\",\"commits\":[{\"id\":1,}]}", "application/json"),
                "broken after the fields it reads");
    }

    @Test
    void missingDeliveryHeaderIsAnInvalidPayload() {
        InboundRequest request = new InboundRequest("gh", Map.of("x-github-event", List.of("push")), Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8));
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> github.bind(SOURCE).identify(request));
        assertEquals("header X-GitHub-Delivery is missing", e.getMessage());
    }

    private EventIdentity identify(String event, String body, String contentType) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-github-event", List.of(event));
        headers.put("x-github-delivery", List.of("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        headers.put("content-type", List.of(contentType));
        return github.bind(SOURCE)
                .identify(new InboundRequest("gh", headers, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }
}
