package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.plugins.LoadedPlugins;
import io.hookline.spi.StoredEvent;
import io.hookline.sqlite.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Third-party plugin jars dropped into the plugins directory. */
class PluginLoadingTest {

    /** A provider that authenticates by a shared token and reports which JsonFactory it can see. */
    private static final String TOKEN_PROVIDER = """
            package example.token;

            import io.hookline.spi.*;
            import java.nio.charset.StandardCharsets;
            import java.security.MessageDigest;
            import java.time.Instant;

            public final class TokenProvider implements Provider {
                public String id() { return "example-token"; }

                public Verification verify(InboundRequest request, SourceSettings source, Instant now) {
                    byte[] given = request.header("x-token").orElse("").getBytes(StandardCharsets.UTF_8);
                    for (String secret : source.secrets()) {
                        if (MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given)) {
                            return Verification.verified();
                        }
                    }
                    return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE, "x-token does not match");
                }

                public EventIdentity identify(InboundRequest request, SourceSettings source) {
                    String id = request.header("x-event-id").orElseThrow(() -> new InvalidPayloadException("no x-event-id"));
                    return new EventIdentity(id, "token." + com.fasterxml.jackson.core.JsonFactory.origin(), null);
                }
            }
            """;

    /** A handler that appends each event's id and body size to a file named in its route settings. */
    private static final String FILE_HANDLER = """
            package example.token;

            import io.hookline.spi.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.*;

            public final class FileHandler implements EventHandler {
                public String id() { return "example-file"; }

                public void handle(StoredEvent event, HandlerContext context) throws Exception {
                    String line = event.id() + " " + event.body().length + " " + context.attempt() + "\\n";
                    Files.writeString(Path.of(context.settings().get("file")), line, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }

                public void validate(java.util.Map<String, String> settings) {
                    if (!settings.containsKey("file")) {
                        throw new IllegalArgumentException("file is required");
                    }
                }
            }
            """;

    /** The plugin's own class with the same name as one the receiver has (Jackson's JsonFactory). */
    private static final String PLUGINS_OWN_JACKSON = """
            package com.fasterxml.jackson.core;

            public final class JsonFactory {
                public static String origin() { return "plugin-jackson"; }
            }
            """;

    @TempDir
    Path dataDir;

    @Test
    void pluginJarBuiltNowIsDiscoveredAndServesASourceWithItsOwnDependencies() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("example-token.jar"),
                Map.of("example.token.TokenProvider", TOKEN_PROVIDER,
                        "example.token.FileHandler", FILE_HANDLER,
                        "com.fasterxml.jackson.core.JsonFactory", PLUGINS_OWN_JACKSON),
                Map.of("io.hookline.spi.Provider", "example.token.TokenProvider\n",
                        "io.hookline.spi.EventHandler", "example.token.FileHandler\n"));
        Path handled = dataDir.resolve("handled.txt");

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                "hookline.sources.tok.provider", "example-token",
                "hookline.sources.tok.secrets", List.of("plugin-token"),
                "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].match", "tok:*",
                "hookline.routes[0].handler", "example-file",
                "hookline.routes[0].settings.file", handled.toString()))) {
            LoadedPlugins loaded = receiver.context().getBean(LoadedPlugins.class);
            assertEquals(List.of(new LoadedPlugins.PluginOrigin("example-token.jar", List.of("example-token"),
                    List.of("example-file"))), loaded.plugins());

            var answer = receiver.json(receiver.post("/hooks/tok", "hello".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Token", "plugin-token", "X-Event-Id", "e-1")));
            assertEquals("accepted", answer.get("status"), answer.toString());
            StoredEvent stored = receiver.context().getBean(EventStore.class).find((String) answer.get("id")).orElseThrow();
            assertEquals("token.plugin-jackson", stored.type(),
                    "the plugin's class loader gives it its own JsonFactory, not the receiver's");

            var refused = receiver.post("/hooks/tok", new byte[0], Map.of("X-Token", "wrong", "X-Event-Id", "e-2"));
            assertEquals(401, refused.statusCode());

            String line = Eventually.await("the plugin's handler to run", java.time.Duration.ofSeconds(10), () -> {
                try {
                    return Files.exists(handled) ? Files.readString(handled) : "";
                } catch (IOException e) {
                    return "";
                }
            }, text -> !text.isEmpty());
            assertEquals(answer.get("id") + " 5 1\n", line, "the third-party handler ran once on the stored body");
        }
    }

    @Test
    void corruptOrEmptyJarIsSkippedWithAReasonAndTheReceiverStillServes() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        Files.write(plugins.resolve("broken.jar"), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("no-services.jar"),
                Map.of("com.fasterxml.jackson.core.JsonFactory", PLUGINS_OWN_JACKSON), Map.of());
        PluginJarBuilder.build(dataDir.resolve("build2"), plugins.resolve("missing-class.jar"),
                Map.of(), Map.of("io.hookline.spi.Provider", "example.DoesNotExist\n"));

        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            LoadedPlugins loaded = receiver.context().getBean(LoadedPlugins.class);
            assertEquals(List.of(), loaded.plugins());
            assertEquals(3, loaded.skipped().size(), loaded.skipped().toString());
            assertSkipped(loaded, "broken.jar: broken.jar is not a readable jar");
            assertSkipped(loaded, "missing-class.jar: ServiceConfigurationError");
            assertSkipped(loaded, "no-services.jar: it declares no io.hookline.spi.Provider or io.hookline.spi.EventHandler");

            GitHubDelivery delivery = GitHubDelivery.of("ping", GitHubDelivery.payload("ping.json"), RunningReceiver.SECRET);
            assertEquals("accepted", receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()))
                    .get("status"));
        }
    }

    private static void assertSkipped(LoadedPlugins loaded, String start) {
        assertTrue(loaded.skipped().stream().anyMatch(reason -> reason.startsWith(start)),
                "expected a skip reason starting with '" + start + "' in " + loaded.skipped());
    }
}
