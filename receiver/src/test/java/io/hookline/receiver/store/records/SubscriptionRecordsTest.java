package io.hookline.receiver.store.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.store.Database;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.micronaut.context.ApplicationContext;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscriptions are stored, changed, listed by name and deleted; names are unique: through the
 * Micronaut Data repository on the store's connections, in the receiver as it starts, on SQLite and
 * on PostgreSQL.
 */
class SubscriptionRecordsTest {

    @TempDir
    Path dataDir;

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSubscriptionComesBackAsStoredAndChangesAsTold(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            Subscription billing = subscription("sub_1", "billing");
            assertEquals(SubscriptionStore.Outcome.DONE, store.create(billing).get());
            assertEquals(SubscriptionStore.Outcome.DONE, store.create(subscription("sub_2", "analytics")).get());
            assertEquals(SubscriptionStore.Outcome.NAME_TAKEN, store.create(subscription("sub_3", "billing")).get());

            Subscription read = store.find("sub_1").orElseThrow();
            assertEquals(List.of("gh:push", "st:invoice.*"), read.events());
            assertEquals(List.of("x-team"), read.headers().names());
            assertArrayEquals(SEALED_HEADERS, read.headers().sealed());
            assertEquals(Subscription.Policy.DEFAULTS, read.policy());
            assertEquals(Subscription.Signing.HMAC, read.signing());
            assertArrayEquals("sealed".getBytes(StandardCharsets.UTF_8), read.sealedSecret());
            assertNull(read.sealedPreviousSecret());
            assertNull(read.previousUntil());
            assertEquals(List.of("analytics", "billing"), store.all().stream().map(Subscription::name).toList());

            Subscription.Policy policy = new Subscription.Policy(Duration.ofSeconds(60),
                    List.of(Duration.ofSeconds(1), Duration.ofMillis(1500)));
            Subscription rotated = new Subscription("sub_1", "billing", "https://example.com/in", List.of("*"),
                    new Subscription.Headers(List.of(), new byte[] {1}), null, false, "new".getBytes(StandardCharsets.UTF_8),
                    "sealed".getBytes(StandardCharsets.UTF_8), NOW.plusSeconds(86_400), NOW, NOW.plusSeconds(60), null, null,
                    policy, new Subscription.Signing(Subscription.Scheme.BOTH, "whpk_public"));
            assertEquals(SubscriptionStore.Outcome.DONE, store.update(rotated).get());
            Subscription after = store.find("sub_1").orElseThrow();
            assertEquals(false, after.enabled());
            assertArrayEquals("sealed".getBytes(StandardCharsets.UTF_8), after.sealedPreviousSecret());
            assertEquals(NOW.plusSeconds(86_400), after.previousUntil());
            assertEquals(policy, after.policy());
            assertEquals(new Subscription.Signing(Subscription.Scheme.BOTH, "whpk_public"), after.signing());
            assertEquals(List.of(), after.headers().names());
            assertEquals(SubscriptionStore.Outcome.NAME_TAKEN, store.update(new Subscription("sub_1", "analytics",
                    after.url(), after.events(), after.headers(), null, true, after.sealedSecret(), null, null, NOW, NOW, null,
                    null, after.policy(), after.signing())).get());

            assertEquals(SubscriptionStore.Outcome.DONE, store.delete("sub_2").get());
            assertEquals(SubscriptionStore.Outcome.NOT_FOUND, store.delete("sub_2").get());
            assertEquals(List.of("billing"), store.all().stream().map(Subscription::name).toList());

            store.failing("sub_1", NOW).get();
            store.failing("sub_1", NOW.plusSeconds(60)).get();
            assertEquals(NOW, store.find("sub_1").orElseThrow().failingSince(), "the first failure after a success counts");
            store.working("sub_1").get();
            assertNull(store.find("sub_1").orElseThrow().failingSince());
            store.update(new Subscription("sub_1", "billing", after.url(), after.events(), after.headers(), null, true,
                    after.sealedSecret(), null, null, NOW, NOW, null, null, after.policy(), after.signing())).get();
            assertEquals(true, store.disable("sub_1", "failing for 5 days", NOW).get());
            assertEquals(false, store.disable("sub_1", "again", NOW).get(), "only an enabled one is disabled");
            Subscription disabled = store.find("sub_1").orElseThrow();
            assertEquals(false, disabled.enabled());
            assertEquals("failing for 5 days", disabled.disabledReason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSubscriptionsWhereIsStoredChangedAndCleared(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            Subscription plain = subscription("sub_1", "billing");
            assertNull(plain.where());
            store.create(withWhere(plain, "body.data.object.amount_due > 1000")).get();
            assertEquals("body.data.object.amount_due > 1000", store.find("sub_1").orElseThrow().where());
            store.update(withWhere(plain, "body.livemode")).get();
            assertEquals("body.livemode", store.find("sub_1").orElseThrow().where());
            store.update(plain).get();
            assertNull(store.find("sub_1").orElseThrow().where());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theListReadAtStartHasEveryColumnAsFindingOneDoes(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            store.create(subscription("sub_1", "plain")).get();
            Subscription full = new Subscription("sub_2", "full", "https://example.com/in", List.of("gh:*"),
                    new Subscription.Headers(List.of("x-team"), new byte[] {1}), "described", true,
                    "new".getBytes(StandardCharsets.UTF_8), "old".getBytes(StandardCharsets.UTF_8), NOW.plusSeconds(60),
                    NOW, NOW.plusSeconds(1), NOW.plusSeconds(2), "told why",
                    new Subscription.Policy(Duration.ofSeconds(9), List.of(Duration.ofSeconds(1)), "body.customer"),
                    new Subscription.Signing(Subscription.Scheme.BOTH, "whpk_public"), "body.livemode", "fetched");
            store.create(full).get();

            List<Subscription> all = store.all();
            assertEquals(List.of("full", "plain"), all.stream().map(Subscription::name).toList());
            for (Subscription listed : all) {
                Subscription found = store.find(listed.id()).orElseThrow();
                for (RecordComponent component : Subscription.class.getRecordComponents()) {
                    Object expected = component.getAccessor().invoke(found);
                    Object actual = component.getAccessor().invoke(listed);
                    assertTrue(Objects.deepEquals(expected, actual) || (expected instanceof Subscription.Headers h
                            && actual instanceof Subscription.Headers l && h.names().equals(l.names())
                            && Arrays.equals(h.sealed(), l.sealed())),
                            listed.name() + "'s " + component.getName() + ": found " + expected + ", listed " + actual);
                }
            }
        }
    }

    private static Subscription withWhere(Subscription s, String where) {
        return new Subscription(s.id(), s.name(), s.url(), s.events(), s.headers(), s.description(), s.enabled(),
                s.sealedSecret(), s.sealedPreviousSecret(), s.previousUntil(), s.createdAt(), s.updatedAt(), s.failingSince(),
                s.disabledReason(), s.policy(), s.signing(), where);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSubscriptionsEventFormIsStoredChangedAndCleared(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            Subscription plain = subscription("sub_1", "billing");
            assertNull(plain.eventForm(), "the receiver's hookline.subscriptions.event-form");
            store.create(withEventForm(plain, "fetched")).get();
            assertEquals("fetched", store.find("sub_1").orElseThrow().eventForm());
            store.update(withEventForm(plain, "notification")).get();
            assertEquals("notification", store.find("sub_1").orElseThrow().eventForm());
            store.update(plain).get();
            assertNull(store.find("sub_1").orElseThrow().eventForm());
        }
    }

    private static Subscription withEventForm(Subscription s, String eventForm) {
        return new Subscription(s.id(), s.name(), s.url(), s.events(), s.headers(), s.description(), s.enabled(),
                s.sealedSecret(), s.sealedPreviousSecret(), s.previousUntil(), s.createdAt(), s.updatedAt(), s.failingSince(),
                s.disabledReason(), s.policy(), s.signing(), s.where(), eventForm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void headersWrittenInClearBeforeSealingAreListedAndSealedOnce(String engine) throws Exception {
        try (ApplicationContext context = start(engine)) {
            SubscriptionStore store = context.getBean(SubscriptionStore.class);
            store.create(subscription("sub_1", "billing")).get();
            store.create(subscription("sub_2", "legacy")).get();
            context.getBean(Database.class).writeOnConnection(connection -> {
                // What a release before sealing wrote: values in clear, nothing sealed.
                try (var update = connection.prepareStatement("UPDATE subscriptions SET headers ="
                        + " 'authorization: Bearer abc\nx-team: ops\n', sealed_headers = NULL WHERE id = 'sub_2'")) {
                    return update.executeUpdate();
                }
            }).get();

            assertEquals(Map.of("sub_2", Map.of("authorization", "Bearer abc", "x-team", "ops")), store.clearHeaders());
            assertEquals(List.of("authorization", "x-team"), store.find("sub_2").orElseThrow().headers().names());
            assertNull(store.find("sub_2").orElseThrow().headers().sealed());

            Subscription.Headers sealed = new Subscription.Headers(List.of("authorization", "x-team"), new byte[] {7, 7});
            assertEquals(true, store.sealHeaders("sub_2", sealed).get());
            assertEquals(false, store.sealHeaders("sub_2", sealed).get(), "sealed once, by one instance");
            assertEquals(Map.of(), store.clearHeaders());
            Subscription read = store.find("sub_2").orElseThrow();
            assertEquals(List.of("authorization", "x-team"), read.headers().names());
            assertArrayEquals(new byte[] {7, 7}, read.headers().sealed());
        }
    }

    private static final byte[] SEALED_HEADERS = "sealed headers".getBytes(StandardCharsets.UTF_8);

    private static Subscription subscription(String id, String name) {
        return new Subscription(id, name, "https://example.com/hooks", List.of("gh:push", "st:invoice.*"),
                new Subscription.Headers(List.of("x-team"), SEALED_HEADERS), "payments team", true,
                "sealed".getBytes(StandardCharsets.UTF_8), null, null, NOW, NOW, null, null, Subscription.Policy.DEFAULTS,
                Subscription.Signing.HMAC);
    }

    private ApplicationContext start(String engine) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.data-dir", dataDir.toString());
        properties.put("hookline.plugins-dir", dataDir.resolve("plugins").toString());
        if (engine.equals("postgresql")) {
            properties.put("datasources.default.url", TestPostgres.server().newDatabase());
            properties.put("datasources.default.username", "postgres");
        }
        return ApplicationContext.run(properties);
    }
}
