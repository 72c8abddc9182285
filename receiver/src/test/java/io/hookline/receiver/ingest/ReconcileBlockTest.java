package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source's {@code reconcile} block as the receiver reads it: its schedule, and the provider's keys. */
class ReconcileBlockTest {

    @Test
    void theScheduleIsTheReceiversAndEveryOtherKeyTheProviders() {
        SourceConfig.Reconcile block = SourceConfig.Reconcile.of(Map.of("interval", "15m", "margin", "2m",
                "api-url", "http://127.0.0.1:1", "token", "ghp_x", "hook", "repos/a/b/hooks/1"));
        assertEquals(List.of("15m", "2m"), List.of(block.getInterval(), block.getMargin()));
        assertEquals(Map.of("api-url", "http://127.0.0.1:1", "token", "ghp_x", "hook", "repos/a/b/hooks/1"),
                block.getProviderSettings());
    }

    @Test
    void anEnvironmentVariableBoundAsBothHyphenAndDotIsOneSetting() {
        // HOOKLINE_SOURCES_ST_RECONCILE_API_KEY binds as api-key and as api.key.
        SourceConfig.Reconcile block = SourceConfig.Reconcile.of(Map.of("api-key", "rk_env", "api", Map.of("key", "rk_env")));
        assertEquals(Map.of("api-key", "rk_env"), block.getProviderSettings());
        SourceConfig.Reconcile dotted = SourceConfig.Reconcile.of(Map.of("api", Map.of("url", "http://x")));
        assertEquals(Map.of("api.url", "http://x"), dotted.getProviderSettings(),
                "a dotted key with no twin is kept, for the provider to refuse by name");
    }

    @Test
    void credentialsAreTheKeysNamingATokenKeySecretOrPassword() {
        SourceConfig.Reconcile block = SourceConfig.Reconcile.of(Map.of("token", "t", "api-key", "k",
                "client-secret", "s", "password", "p", "hook", "repos/a/b/hooks/1", "api-url", "http://x",
                "interval", "10m"));
        assertEquals(Map.of("token", "t", "api-key", "k", "client-secret", "s", "password", "p"), block.credentials());
    }
}
