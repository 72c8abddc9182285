package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subscriptions are stored, changed, listed by name and deleted; names are unique. */
public abstract class SubscriptionStoreContract extends StoreContract {

    protected SubscriptionStoreContract(EngineUnderTest engine) {
        super(engine);
    }

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    public void aSubscriptionComesBackAsStoredAndChangesAsTold() throws Exception {
        try (Database db = open()) {
            SubscriptionStore store = new SubscriptionStore(db);
            Subscription billing = subscription("sub_1", "billing");
            assertEquals(SubscriptionStore.Outcome.DONE, store.create(billing).get());
            assertEquals(SubscriptionStore.Outcome.DONE, store.create(subscription("sub_2", "analytics")).get());
            assertEquals(SubscriptionStore.Outcome.NAME_TAKEN, store.create(subscription("sub_3", "billing")).get());

            Subscription read = store.find("sub_1").orElseThrow();
            assertEquals(List.of("gh:push", "st:invoice.*"), read.events());
            assertEquals(Map.of("x-team", "payments"), read.headers());
            assertArrayEquals("sealed".getBytes(StandardCharsets.UTF_8), read.sealedSecret());
            assertNull(read.sealedPreviousSecret());
            assertNull(read.previousUntil());
            assertEquals(List.of("analytics", "billing"), store.all().stream().map(Subscription::name).toList());

            Subscription rotated = new Subscription("sub_1", "billing", "https://example.com/in", List.of("*"), Map.of(),
                    null, false, "new".getBytes(StandardCharsets.UTF_8), "sealed".getBytes(StandardCharsets.UTF_8),
                    NOW.plusSeconds(86_400), NOW, NOW.plusSeconds(60), null, null);
            assertEquals(SubscriptionStore.Outcome.DONE, store.update(rotated).get());
            Subscription after = store.find("sub_1").orElseThrow();
            assertEquals(false, after.enabled());
            assertArrayEquals("sealed".getBytes(StandardCharsets.UTF_8), after.sealedPreviousSecret());
            assertEquals(NOW.plusSeconds(86_400), after.previousUntil());
            assertEquals(SubscriptionStore.Outcome.NAME_TAKEN, store.update(new Subscription("sub_1", "analytics",
                    after.url(), after.events(), after.headers(), null, true, after.sealedSecret(), null, null, NOW, NOW, null,
                    null)).get());

            assertEquals(SubscriptionStore.Outcome.DONE, store.delete("sub_2").get());
            assertEquals(SubscriptionStore.Outcome.NOT_FOUND, store.delete("sub_2").get());
            assertEquals(List.of("billing"), store.all().stream().map(Subscription::name).toList());

            store.failing("sub_1", NOW).get();
            store.failing("sub_1", NOW.plusSeconds(60)).get();
            assertEquals(NOW, store.find("sub_1").orElseThrow().failingSince(), "the first failure after a success counts");
            store.working("sub_1").get();
            assertNull(store.find("sub_1").orElseThrow().failingSince());
            store.update(new Subscription("sub_1", "billing", after.url(), after.events(), after.headers(), null, true,
                    after.sealedSecret(), null, null, NOW, NOW, null, null)).get();
            assertEquals(true, store.disable("sub_1", "failing for 5 days", NOW).get());
            assertEquals(false, store.disable("sub_1", "again", NOW).get(), "only an enabled one is disabled");
            Subscription disabled = store.find("sub_1").orElseThrow();
            assertEquals(false, disabled.enabled());
            assertEquals("failing for 5 days", disabled.disabledReason());
        }
    }

    private static Subscription subscription(String id, String name) {
        return new Subscription(id, name, "https://example.com/hooks", List.of("gh:push", "st:invoice.*"),
                Map.of("x-team", "payments"), "payments team", true, "sealed".getBytes(StandardCharsets.UTF_8), null,
                null, NOW, NOW, null, null);
    }
}
