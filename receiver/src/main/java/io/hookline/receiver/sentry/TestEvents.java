package io.hookline.receiver.sentry;

import io.hookline.provider.common.JsonFields;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.StoredEvent;
import java.util.List;

/**
 * Events the sender marks as tests: Stripe's test mode (top-level {@code "livemode": false}) and
 * GitHub's {@code ping}. Their failures are dropped from Sentry in a production environment.
 */
final class TestEvents {

    private static final List<String> LIVEMODE = List.of("livemode");

    private TestEvents() {}

    static boolean isTest(StoredEvent event) {
        if ("github".equals(event.provider()) && "ping".equals(event.type())) {
            return true;
        }
        if ("stripe".equals(event.provider()) && event.body() != null) {
            try {
                return "false".equals(JsonFields.read(event.body(), LIVEMODE).get("livemode"));
            } catch (InvalidPayloadException e) {
                return false;
            }
        }
        return false;
    }
}
