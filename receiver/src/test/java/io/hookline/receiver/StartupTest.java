package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting with no configuration, and refusing to start on a configuration that cannot work. */
class StartupTest {

    @TempDir
    Path dir;

    @Test
    void withoutSourcesTheReceiverStartsCreatesItsDatabaseAndIsHealthy() {
        Path dataDir = dir.resolve("fresh/data");
        try (ApplicationContext context = run(Map.of())) {
            assertTrue(Files.isRegularFile(dataDir.resolve("hookline.db")), "the database is created at start");
            {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort() + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sourceWithAnUnknownProviderStopsStartWithTheKeyInTheMessage() {
        String message = startFailure(Map.of("hookline.sources.billing.provider", "strype",
                "hookline.sources.billing.secrets", List.of("s")));
        assertTrue(message.contains("hookline.sources.billing.provider: no provider 'strype' is loaded (loaded: [fireflies, github, hmac, otter, standard-webhooks, stripe, zoom])"),
                message);
    }

    @Test
    void sourceWithoutSecretsStopsStart() {
        String message = startFailure(Map.of("hookline.sources.gh.provider", "github"));
        assertTrue(message.contains("hookline.sources.gh.secrets: at least one secret is required"), message);
    }

    @Test
    void anEventFormThatIsNeitherStopsStartNamingTheKey() {
        String message = startFailure(Map.of("hookline.routes[0].handler", "log", "hookline.routes[0].event-form", "full"));
        assertTrue(message.contains("hookline.routes[0].event-form: 'full' is not notification (the default: the body"
                + " as received) or fetched (the full event, fetched once by its source)"), message);
    }

    @Test
    void aFetchedEventFormOnARouteWhoseSourcesDoNotFetchStopsStartNamingTheKey() {
        Map<String, Object> sources = new HashMap<>(Map.of("hookline.sources.gh.provider", "github",
                "hookline.sources.gh.secrets", List.of("s"), "hookline.sources.plain.provider", "stripe",
                "hookline.sources.plain.secrets", List.of("whsec_x"), "hookline.sources.st.provider", "stripe",
                "hookline.sources.st.secrets", List.of("whsec_x"), "hookline.sources.st.settings.fetch-thin-events", "true",
                "hookline.sources.st.settings.api-key", "sk_test_x"));
        for (String match : List.of("gh:push", "plain:*", "pl*:*")) {
            Map<String, Object> properties = new HashMap<>(sources);
            properties.putAll(Map.of("hookline.routes[0].handler", "log", "hookline.routes[0].match", match,
                    "hookline.routes[0].event-form", "fetched"));
            String message = startFailure(properties);
            assertTrue(message.contains("hookline.routes[0].event-form: fetched, but no source that match '" + match
                    + "' takes fetches full events (sources that do: [st]); set the source's fetch setting"
                    + " (docs/providers.md, thin events) or remove event-form"), message);
        }
        Map<String, Object> glob = new HashMap<>(sources);
        glob.putAll(Map.of("hookline.routes[0].handler", "log", "hookline.routes[0].match", "*:*customer*",
                "hookline.routes[0].event-form", "fetched"));
        run(glob).close(); // one of the sources the glob takes fetches
    }

    @Test
    void aMistypedProviderSettingStopsStartNamingTheKeyAndTheKnownOnes() {
        String message = startFailure(Map.of("hookline.sources.st.provider", "stripe",
                "hookline.sources.st.secrets", List.of("whsec_x"), "hookline.sources.st.settings.tolerence", "600"));
        assertTrue(message.contains("hookline.sources.st.settings.tolerence: unknown setting"
                + " (known: [api-key, api-url, fetch-thin-events, merge-snapshot-twins, tolerance])"), message);
    }

    @Test
    void aProviderSettingThatCannotWorkStopsStartNamingTheKey() {
        String message = startFailure(Map.of("hookline.sources.st.provider", "stripe",
                "hookline.sources.st.secrets", List.of("whsec_x"), "hookline.sources.st.settings.tolerance", "soon"));
        assertTrue(message.contains("hookline.sources.st.settings.tolerance: 'soon' is not a duration"), message);
    }

    @Test
    void aStandardWebhooksPublicKeyThatIsNotOneStopsStartNamingItsKey() {
        String truncated = "whpk_" + Base64.getEncoder().encodeToString(new byte[31]);
        String message = startFailure(Map.of("hookline.sources.sw.provider", "standard-webhooks",
                "hookline.sources.sw.secrets", List.of("whsec_c3RhbmRhcmQtd2ViaG9va3MtdGVzdC1rZXk=", truncated)));
        assertTrue(message.contains("hookline.sources.sw.secrets[1]: a Standard Webhooks public key is 'whpk_' followed"
                + " by base64 of a 32-byte Ed25519 key"), message);
        assertFalse(message.contains(truncated.substring(5)), "the key itself is not repeated: " + message);
    }

    @Test
    void aMistypedHandlerSettingStopsStartNamingTheRouteKey() {
        String message = startFailure(Map.of("hookline.routes[0].handler", "forward",
                "hookline.routes[0].settings.ulr", "http://127.0.0.1:9/x"));
        assertTrue(message.contains("hookline.routes[0].settings.ulr: unknown setting (known: [secret, url])"), message);
    }

    @Test
    void aHandlerWithoutItsRequiredSettingStopsStart() {
        String message = startFailure(Map.of("hookline.routes[0].handler", "command"));
        assertTrue(message.contains("hookline.routes[0].settings.command is required"), message);
    }

    @Test
    void aMistypedKeyInsideASourcesRateLimitStopsStartNamingItAndTheKnownOnes() {
        String message = startFailure(Map.of("hookline.sources.gh.provider", "github",
                "hookline.sources.gh.secrets", List.of("s"), "hookline.sources.gh.rate-limit.per-second", "5",
                "hookline.sources.gh.rate-limit.brust", "10"));
        assertTrue(message.contains("hookline.sources.gh.rate-limit.brust is not a Hookline setting"
                + " (known here: [burst, per-second]; did you mean hookline.sources.gh.rate-limit.burst?)"), message);
    }

    @Test
    void aMistypedKeyInAConfigurationFileStopsStartWithTheClosestKnownKey() throws Exception {
        Path file = dir.resolve("hookline.yml");
        Files.writeString(file, """
                hookline:
                  max-body-sise: 2MB
                  sources:
                    gh:
                      provider: github
                      secrest: [ "s" ]
                  routes:
                    - handler: log
                      timout: 5s
                """);
        String message;
        System.setProperty("micronaut.config.files", file.toString());
        try {
            message = startFailure(Map.of());
        } finally {
            System.clearProperty("micronaut.config.files");
        }
        assertTrue(message.contains("hookline.max-body-sise is not a Hookline setting"), message);
        assertTrue(message.contains("did you mean hookline.max-body-size?"), message);
        assertTrue(message.contains("hookline.sources.gh.secrest is not a Hookline setting"), message);
        assertTrue(message.contains("did you mean hookline.sources.gh.secrets?"), message);
        assertTrue(message.contains("hookline.routes[0].timout is not a Hookline setting"), message);
        assertTrue(message.contains("did you mean hookline.routes[0].timeout?"), message);
    }

    @Test
    void aListGivenAsWhereOrOrderByStopsStartNamingTheRouteInsteadOfJoiningItWithCommas() throws Exception {
        Path file = dir.resolve("hookline.yml");
        Files.writeString(file, """
                hookline:
                  routes:
                    - name: main-pushes
                      match: "gh:push"
                      handler: log
                      where: [ "body.ref == 'refs/heads/main'", "body.deleted == false" ]
                    - handler: log
                      where:
                        - type == 'push'
                        - key != ''
                      order-by: [ /repository/id, /ref ]
                """);
        String message;
        System.setProperty("micronaut.config.files", file.toString());
        try {
            message = startFailure(Map.of());
        } finally {
            System.clearProperty("micronaut.config.files");
        }
        assertTrue(message.contains("hookline.routes[0].where (route 'main-pushes'): is one expression, not a list;"
                + " join the conditions with && (or ||)"), message);
        assertTrue(message.contains("hookline.routes[1].where: is one expression, not a list;"), message);
        assertTrue(message.contains("hookline.routes[1].order-by: is one key, not a list; give one JSON pointer"
                + " (/data/object/customer), key, source, type, header:<name>, or an expression that joins them"
                + " (body.repository.full_name + ':' + body.ref)"), message);
        assertFalse(message.contains("token recognition error"), "the joined text is not compiled: " + message);
    }

    @Test
    void aWhereOrOrderByThatCannotBeReadStopsStartNamingTheRouteByItsName() {
        String message = startFailure(Map.of("hookline.routes[0].name", "drafts", "hookline.routes[0].handler", "log",
                "hookline.routes[0].where", "body.draft = true", "hookline.routes[1].name", "by-customer",
                "hookline.routes[1].handler", "log", "hookline.routes[1].order-by", "data.customer"));
        assertTrue(message.contains("hookline.routes[0].where (route 'drafts'): line 1, column 12: "), message);
        assertTrue(message.contains("hookline.routes[1].order-by (route 'by-customer'): 'data.customer' is not a key"),
                message);
    }

    @Test
    void everyProblemOfOneRouteIsListedInOneStart() {
        String message = startFailure(Map.of("hookline.routes[0].name", "bad name", "hookline.routes[0].handler", "nope",
                "hookline.routes[0].match", "a:b:c", "hookline.routes[0].where", "body.draft = true",
                "hookline.routes[0].order-by", "data.customer", "hookline.routes[0].timeout", "0s"));
        for (String problem : List.of("hookline.routes[0].handler: no handler 'nope' is loaded",
                "hookline.routes[0].name: 'bad name' must be letters", "hookline.routes[0].match: ",
                "hookline.routes[0].where (route 'bad name'): line 1, column 12: ",
                "hookline.routes[0].order-by (route 'bad name'): 'data.customer' is not a key",
                "hookline.routes[0].timeout must be positive")) {
            assertTrue(message.contains(problem), problem + " in " + message);
        }
    }

    @Test
    void anOrderByOnAHeaderThatIsNeverStoredOrABrokenPointerStopsStartNamingTheRoute() {
        Map<String, Object> properties = new HashMap<>(Map.of("hookline.sources.gh.provider", "github",
                "hookline.sources.gh.secrets", List.of("gh-secret-value"),
                "hookline.sources.ac.provider", "hmac", "hookline.sources.ac.secrets", List.of("acme-secret-value"),
                "hookline.sources.ac.settings.signature-header", "X-Acme-Signature"));
        List<String> orderBys = List.of("header:Authorization", "header:cookie", "header:x-hub-signature-256",
                "header:X-Acme-Signature", "/a~2", "/a/b~", "header:x-request-id");
        for (int i = 0; i < orderBys.size(); i++) {
            properties.put("hookline.routes[" + i + "].name", "ordered-" + i);
            properties.put("hookline.routes[" + i + "].handler", "log");
            properties.put("hookline.routes[" + i + "].order-by", orderBys.get(i));
        }
        String message = startFailure(properties);
        for (String line : List.of(
                "hookline.routes[0].order-by (route 'ordered-0'): header 'authorization' carries credentials and is"
                        + " never stored: it cannot order deliveries",
                "hookline.routes[1].order-by (route 'ordered-1'): header 'cookie' carries credentials",
                "hookline.routes[2].order-by (route 'ordered-2'): header 'x-hub-signature-256' carries credentials",
                "hookline.routes[3].order-by (route 'ordered-3'): header 'x-acme-signature' carries credentials",
                "hookline.routes[4].order-by (route 'ordered-4'): '/a~2' is not a JSON pointer: the '~' at character 3"
                        + " must be followed by 0 or 1 (~0 stands for '~', ~1 for '/')",
                "hookline.routes[5].order-by (route 'ordered-5'): '/a/b~' is not a JSON pointer: the '~' at character 5")) {
            assertTrue(message.contains(line), line + "\n" + message);
        }
        assertFalse(message.contains("hookline.routes[6]"), "a header that is stored orders: " + message);
    }

    @Test
    void aStorageModeThatDoesNotExistStopsStart() {
        String message = startFailure(Map.of("hookline.storage.synchronous", "fast"));
        assertTrue(message.contains("synchronous") && message.contains("fast"), message);
    }

    @Test
    void anOrderDeadThatDoesNotExistStopsStartListingTheValuesAsTheDocsWriteThem() {
        String message = startFailure(Map.of("hookline.dispatch.order-dead", "sometimes"));
        assertTrue(message.contains("hookline.dispatch.order-dead: 'sometimes' is not one of hold, release"), message);
    }

    @Test
    void aBadRetentionStopsStartEvenThoughRetentionRunsOnlyLater() {
        String message = startFailure(Map.of("hookline.retention.bodies", "soon"));
        assertTrue(message.contains("bodies") && message.contains("soon"), message);
    }

    @Test
    void anUnreachablePostgresStopsStartNamingItsUrlWithThePasswordMasked() {
        String message = startFailure(Map.of("datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookline?password=hunter2",
                "datasources.default.password", "hunter2"));
        assertTrue(message.contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/hookline?password=***"),
                message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aDatasourceThatIsNotPostgresStopsStart() {
        String message = startFailure(Map.of("datasources.default.url", "jdbc:mysql://db/hookline"));
        assertTrue(message.contains("datasources.default.url must be a PostgreSQL URL"), message);
    }

    @Test
    void placeholderSecretsAndAShortAdminTokenStopStartNamingTheKeyNeverTheValue() {
        String shortToken = startFailure(Map.of("hookline.admin-token", "short-but-secret-value"));
        assertTrue(shortToken.contains("hookline.admin-token must be at least 32 characters long (it is 22)"), shortToken);
        assertFalse(shortToken.contains("short-but-secret-value"), shortToken);

        String sourceSecret = startFailure(Map.of("hookline.sources.gh.provider", "github",
                "hookline.sources.gh.secrets", List.of("a-real-one-0123456789", "replace-me-with-the-github-webhook-secret")));
        assertTrue(sourceSecret.contains("hookline.sources.gh.secrets[1] still holds a placeholder from the sample"
                + " configuration; set a real secret, for example through the environment variable"
                + " HOOKLINE_SOURCES_GH_SECRETS"), sourceSecret);
        assertFalse(sourceSecret.contains("replace-me-with"), sourceSecret);

        String encoded = startFailure(Map.of("hookline.sources.sw.provider", "standard-webhooks",
                "hookline.sources.sw.secrets", "whsec_cmVwbGFjZS1tZS13aXRoLWEtcmVhbC1zZWNyZXQ="));
        assertTrue(encoded.contains("hookline.sources.sw.secrets[0] still holds a placeholder"), encoded);

        String routeSecret = startFailure(Map.of("hookline.routes[0].name", "ci", "hookline.routes[0].handler", "forward",
                "hookline.routes[0].settings.url", "http://127.0.0.1:9/ci", "hookline.routes[0].settings.secret", "changeme"));
        assertTrue(routeSecret.contains("hookline.routes[0].settings.secret still holds a placeholder"), routeSecret);
    }

    @Test
    void aReconcileBlockThatDoesNotFitItsProviderStopsStartNamingTheKey() {
        String zoom = startFailure(Map.of("hookline.sources.zm.provider", "zoom", "hookline.sources.zm.secrets", "zoom-secret",
                "hookline.sources.zm.reconcile.token", "token"));
        assertTrue(zoom.contains("hookline.sources.zm.reconcile: provider 'zoom' has no API that lists missed webhooks"),
                zoom);
        String noToken = startFailure(Map.of("hookline.sources.gh.provider", "github", "hookline.sources.gh.secrets", "s",
                "hookline.sources.gh.reconcile.hook", "repos/acme/widgets/hooks/1"));
        assertTrue(noToken.contains("hookline.sources.gh.reconcile.token is required"), noToken);
        String badHook = startFailure(Map.of("hookline.sources.gh.provider", "github", "hookline.sources.gh.secrets", "s",
                "hookline.sources.gh.reconcile.token", "ghp_x", "hookline.sources.gh.reconcile.hook", "acme/widgets"));
        assertTrue(badHook.contains("hookline.sources.gh.reconcile.hook must be repos/OWNER/REPO/hooks/ID or orgs/ORG/hooks/ID"),
                badHook);
        String often = startFailure(Map.of("hookline.sources.st.provider", "stripe", "hookline.sources.st.secrets", "s",
                "hookline.sources.st.reconcile.api-key", "rk_x", "hookline.sources.st.reconcile.interval", "5s"));
        assertTrue(often.contains("hookline.sources.st.reconcile.interval must be at least 1 minute"), often);
        String mixed = startFailure(Map.of("hookline.sources.st.provider", "stripe", "hookline.sources.st.secrets", "s",
                "hookline.sources.st.reconcile.api-key", "rk_x", "hookline.sources.st.reconcile.token", "ghp_x"));
        assertTrue(mixed.contains("hookline.sources.st.reconcile.token does not apply"), mixed);
        assertFalse(mixed.contains("rk_x"), "a key is never in a message: " + mixed);
        String typo = startFailure(Map.of("hookline.sources.gh.provider", "github", "hookline.sources.gh.secrets", "s",
                "hookline.sources.gh.reconcile.token", "ghp_x", "hookline.sources.gh.reconcile.hook",
                "repos/acme/widgets/hooks/1", "hookline.sources.gh.reconcile.hoook", "repos/acme/widgets/hooks/2"));
        assertTrue(typo.contains("hookline.sources.gh.reconcile.hoook: unknown setting (known: [api-url, hook, token])"),
                "the provider refuses a key it does not take: " + typo);
        assertFalse(typo.contains("is not a Hookline setting"), "every key of the block is the provider's: " + typo);
        String placeholder = startFailure(Map.of("hookline.sources.st.provider", "stripe", "hookline.sources.st.secrets",
                "s", "hookline.sources.st.reconcile.api-key", "replace-me-with-a-restricted-key"));
        assertTrue(placeholder.contains("hookline.sources.st.reconcile.api-key still holds a placeholder"), placeholder);
    }

    private String startFailure(Map<String, Object> properties) {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> run(properties).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private ApplicationContext run(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("hookline.data-dir", dir.resolve("fresh/data").toString());
        properties.put("hookline.plugins-dir", dir.resolve("fresh/plugins").toString());
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }
}
