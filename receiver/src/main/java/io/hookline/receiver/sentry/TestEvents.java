package io.hookline.receiver.sentry;

import io.hookline.spi.StoredEvent;
import java.nio.charset.StandardCharsets;

/**
 * Events the sender marks as tests: Stripe's test mode ({@code "livemode":false}) and GitHub's
 * {@code ping}. Their failures are dropped from Sentry in a production environment.
 */
final class TestEvents {

    private TestEvents() {}

    static boolean isTest(StoredEvent event) {
        if ("github".equals(event.provider()) && "ping".equals(event.type())) {
            return true;
        }
        if ("stripe".equals(event.provider()) && event.body() != null) {
            String body = new String(event.body(), StandardCharsets.UTF_8);
            return body.contains("\"livemode\":false") || body.contains("\"livemode\": false");
        }
        return false;
    }
}
