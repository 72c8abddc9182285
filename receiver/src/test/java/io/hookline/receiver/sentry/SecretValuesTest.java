package io.hookline.receiver.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.dispatch.RouteConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a target may echo back of what it was sent, and what of it the filter catches. */
class SecretValuesTest {

    @Test
    void aTokenQuotedWithoutItsSchemeAndAUrlsPasswordAndQueryValuesAreFiltered() {
        RouteConfig route = new RouteConfig(0);
        route.setSettings(Map.of("url", "http://bob:hunter2pw@127.0.0.1:9/fail/in?token=abc123456789&x=1&sig=zz"));
        SecretValues secrets = new SecretValues(List.of(new HooklineConfig(), route));
        secrets.held(List.of("Bearer sub-cred-SECRET-777", "plain-header-value"));

        assertEquals("token was [Filtered]; header [Filtered]; [Filtered]",
                secrets.filtered("token was sub-cred-SECRET-777; header Bearer sub-cred-SECRET-777; plain-header-value"));
        assertEquals("GET /fail/in?token=[Filtered]&x=1&sig=zz as bob:[Filtered]",
                secrets.filtered("GET /fail/in?token=abc123456789&x=1&sig=zz as bob:hunter2pw"),
                "query values under eight characters are too common to filter");
    }
}
