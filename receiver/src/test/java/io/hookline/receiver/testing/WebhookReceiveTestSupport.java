package io.hookline.receiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

/** Assertions on the standard error body, shared by the HTTP tests. */
public final class WebhookReceiveTestSupport {

    private WebhookReceiveTestSupport() {}

    /** Asserts the standard error shape and returns its {@code error} object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> error(RunningReceiver receiver, HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        Map<String, Object> error = (Map<String, Object>) receiver.json(response).get("error");
        assertNotNull(error, "error body: " + response.body());
        assertEquals(status, ((Number) error.get("status")).intValue());
        assertEquals(code, error.get("code"));
        assertTrue(((String) error.get("id")).startsWith("err_"), error.toString());
        assertNotNull(error.get("title"));
        assertNotNull(error.get("detail"));
        Map<String, Object> meta = (Map<String, Object>) error.get("meta");
        assertNotNull(meta.get("request_id"));
        assertNotNull(meta.get("timestamp"));
        assertFalse(response.body().contains("Exception"), "no stack trace or exception name: " + response.body());
        return error;
    }
}
