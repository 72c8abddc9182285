package io.hookline.receiver.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.PluginJarBuilder;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.spi.StoredEvent;
import io.hookline.store.EventStore;
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

                public SourceVerifier bind(SourceSettings source) {
                    source.requireKnownSettings(java.util.Set.of());
                    java.util.List<byte[]> tokens = source.secrets().stream()
                            .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
                    return new SourceVerifier() {
                        public Verification verify(InboundRequest request, Instant now) {
                            byte[] given = request.header("x-token").orElse("").getBytes(StandardCharsets.UTF_8);
                            for (byte[] token : tokens) {
                                if (MessageDigest.isEqual(token, given)) {
                                    return Verification.verified();
                                }
                            }
                            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE, "x-token does not match");
                        }

                        public EventIdentity identify(InboundRequest request) {
                            String id = request.header("x-event-id")
                                    .orElseThrow(() -> new InvalidPayloadException("no x-event-id"));
                            return new EventIdentity(id, "token." + com.fasterxml.jackson.core.JsonFactory.origin(), null);
                        }
                    };
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

    /** A service of the plugin's own, found only through the plugin's class loader. */
    private static final String GREETING = """
            package example.ctx;

            public interface Greeting {
                String text();
            }
            """;

    private static final String PLUGIN_GREETING = """
            package example.ctx;

            public final class PluginGreeting implements Greeting {
                public String text() { return "hello from the plugin"; }
            }
            """;

    /**
     * A provider and a bound handler that look their service up as libraries do, through the
     * thread's context class loader, at bind, on the request path, on a dispatch worker and at close.
     */
    private static final String CONTEXT_PROVIDER = """
            package example.ctx;

            import io.hookline.spi.*;
            import java.time.Instant;

            public final class ContextProvider implements Provider {
                public String id() { return "example-context"; }

                public SourceVerifier bind(SourceSettings source) {
                    String atBind = Greetings.find();
                    return new SourceVerifier() {
                        public Verification verify(InboundRequest request, Instant now) {
                            return Verification.verified();
                        }

                        public EventIdentity identify(InboundRequest request) {
                            String id = request.header("x-event-id").orElseThrow();
                            return new EventIdentity(id, "bind=" + atBind + ";identify=" + Greetings.find(), null);
                        }
                    };
                }
            }
            """;

    private static final String CONTEXT_HANDLER = """
            package example.ctx;

            import io.hookline.spi.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.*;

            public final class ContextHandler implements EventHandler {
                public String id() { return "example-context"; }

                public RouteHandler bind(RouteSettings route) {
                    route.requireKnownSettings(java.util.Set.of("file"));
                    Path file = Path.of(route.settings().get("file"));
                    String atBind = Greetings.find();
                    return new RouteHandler() {
                        public void handle(StoredEvent event, HandlerContext context) throws Exception {
                            write(file, "bind=" + atBind + ";handle=" + Greetings.find() + "\\n");
                        }

                        public void close() throws Exception {
                            write(file, "close=" + Greetings.find() + "\\n");
                        }
                    };
                }

                private static void write(Path file, String line) throws java.io.IOException {
                    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
            """;

    private static final String GREETINGS = """
            package example.ctx;

            final class Greetings {
                /** As a library does it: ServiceLoader.load(type) looks in the thread's context class loader. */
                static String find() {
                    return java.util.ServiceLoader.load(Greeting.class).findFirst().map(Greeting::text).orElse("none");
                }
            }
            """;

    @TempDir
    Path dataDir;

    @Test
    void pluginCodeRunsWithThePluginsClassLoaderAsTheContextLoader() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("example-context.jar"),
                Map.of("example.ctx.Greeting", GREETING, "example.ctx.PluginGreeting", PLUGIN_GREETING,
                        "example.ctx.Greetings", GREETINGS, "example.ctx.ContextProvider", CONTEXT_PROVIDER,
                        "example.ctx.ContextHandler", CONTEXT_HANDLER),
                Map.of("io.hookline.spi.Provider", "example.ctx.ContextProvider\n",
                        "io.hookline.spi.EventHandler", "example.ctx.ContextHandler\n",
                        "example.ctx.Greeting", "example.ctx.PluginGreeting\n"));
        Path handled = dataDir.resolve("context.txt");
        String found = "hello from the plugin";

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                "hookline.sources.ctx.provider", "example-context",
                "hookline.sources.ctx.secrets", List.of("unused"),
                "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].match", "ctx:*",
                "hookline.routes[0].handler", "example-context",
                "hookline.routes[0].settings.file", handled.toString()))) {
            var answer = receiver.json(receiver.post("/hooks/ctx", "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Event-Id", "e-1")));
            assertEquals("accepted", answer.get("status"), answer.toString());
            StoredEvent stored = receiver.context().getBean(EventStore.class).find((String) answer.get("id")).orElseThrow();
            assertEquals("bind=" + found + ";identify=" + found, stored.type(),
                    "the provider finds its own service when bound and on the request path");
            Eventually.await("the plugin's handler to run", java.time.Duration.ofSeconds(10), () -> read(handled),
                    text -> !text.isEmpty());
        }
        assertEquals("bind=" + found + ";handle=" + found + "\nclose=" + found + "\n", read(handled),
                "the handler finds its own service when bound, on a dispatch worker and when the receiver stops");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

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
            assertEquals(List.of(new LoadedPlugins.PluginJar("example-token.jar", true, null, null,
                    List.of("example-token"), List.of("example-file"),
                    "its manifest names no Hookline-Plugin-Api; loaded as API 1")), loaded.plugins());

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

    @Test
    void aJarBuiltForAnotherApiMajorIsSkippedAndTheAdminApiSaysWhy() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build"), plugins.resolve("from-the-future.jar"),
                Map.of("example.token.FileHandler", FILE_HANDLER),
                Map.of("io.hookline.spi.EventHandler", "example.token.FileHandler\n"),
                Map.of("Hookline-Plugin-Api", "2", "Implementation-Version", "2.0.0"));
        PluginJarBuilder.build(dataDir.resolve("build2"), plugins.resolve("current.jar"),
                Map.of("example.token.TokenProvider", TOKEN_PROVIDER, "com.fasterxml.jackson.core.JsonFactory",
                        PLUGINS_OWN_JACKSON),
                Map.of("io.hookline.spi.Provider", "example.token.TokenProvider\n"),
                Map.of("Hookline-Plugin-Api", "1", "Implementation-Version", "1.4.2"));

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", "plugins-admin-token-0123456789abcdefg"))) {
            var answer = receiver.send("GET", "/admin/plugins", null, Map.of("Authorization", "Bearer plugins-admin-token-0123456789abcdefg"));
            assertEquals(200, answer.statusCode(), answer.body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> listed = (List<Map<String, Object>>) receiver.json(answer).get("plugins");
            assertEquals(List.of("built-in", "current.jar", "from-the-future.jar"),
                    listed.stream().map(plugin -> plugin.get("jar")).toList());
            Map<String, Object> builtIn = listed.get(0);
            assertEquals("loaded", builtIn.get("status"));
            assertEquals("1", builtIn.get("api"));
            assertTrue(((List<?>) builtIn.get("handlers")).contains("forward"), builtIn.toString());
            assertEquals(Map.of("jar", "current.jar", "status", "loaded", "api", "1", "version", "1.4.2",
                    "providers", List.of("example-token"), "handlers", List.of()), without(listed.get(1), "reason"));
            assertEquals(null, listed.get(1).get("reason"));
            Map<String, Object> future = listed.get(2);
            assertEquals("skipped", future.get("status"));
            assertEquals("it was built for Hookline plugin API 2 (Hookline-Plugin-Api); this receiver has API 1",
                    future.get("reason"));
            assertTrue(receiver.context().getBean(LoadedPlugins.class).handlers().get("example-file") == null,
                    "nothing of a skipped jar is in use");
        }
    }

    /** A library both plugins bundle, in two versions whose methods do not match. */
    private static final String LIBRARY_V1 = """
            package com.example.shared;

            public final class Formatter {
                public static String format(String text) { return "v1:" + text; }
            }
            """;

    private static final String LIBRARY_V2 = """
            package com.example.shared;

            public final class Formatter {
                private final String prefix;
                public Formatter(String prefix) { this.prefix = prefix; }
                public String format(String text, int times) { return prefix + text.repeat(times); }
            }
            """;

    private static String handlerUsing(String packageName, String id, String call) {
        return """
                package %s;

                import io.hookline.spi.*;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.*;

                public final class Writer implements EventHandler {
                    public String id() { return "%s"; }

                    public void handle(StoredEvent event, HandlerContext context) throws Exception {
                        Files.writeString(Path.of(context.settings().get("file")), %s + "\\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                }
                """.formatted(packageName, id, call);
    }

    @Test
    void twoPluginsBundlingIncompatibleVersionsOfOneLibraryBothRun() throws IOException {
        Path plugins = Files.createDirectories(dataDir.resolve("plugins"));
        PluginJarBuilder.build(dataDir.resolve("build-a"), plugins.resolve("uses-v1.jar"),
                Map.of("com.example.shared.Formatter", LIBRARY_V1,
                        "example.a.Writer", handlerUsing("example.a", "writer-a", "com.example.shared.Formatter.format(\"a\")")),
                Map.of("io.hookline.spi.EventHandler", "example.a.Writer\n"));
        Path directory = Files.createDirectories(plugins.resolve("uses-v2"));
        PluginJarBuilder.build(dataDir.resolve("build-b"), directory.resolve("uses-v2.jar"),
                Map.of("com.example.shared.Formatter", LIBRARY_V2, "example.b.Writer",
                        handlerUsing("example.b", "writer-b", "new com.example.shared.Formatter(\"v2:\").format(\"b\", 2)")),
                Map.of("io.hookline.spi.EventHandler", "example.b.Writer\n"));
        Path a = dataDir.resolve("a.txt");
        Path b = dataDir.resolve("b.txt");

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].name", "a", "hookline.routes[0].handler", "writer-a",
                "hookline.routes[0].settings.file", a.toString(),
                "hookline.routes[1].name", "b", "hookline.routes[1].handler", "writer-b",
                "hookline.routes[1].settings.file", b.toString()))) {
            assertEquals(List.of(), receiver.context().getBean(LoadedPlugins.class).skipped());
            GitHubDelivery delivery = GitHubDelivery.of("ping", GitHubDelivery.payload("ping.json"), RunningReceiver.SECRET);
            assertEquals("accepted", receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()))
                    .get("status"));
            Eventually.await("both plugins to run", java.time.Duration.ofSeconds(10),
                    () -> read(a) + "|" + read(b), text -> !text.startsWith("|") && !text.endsWith("|"));
        }
        assertEquals("v1:a\n", read(a), "the first plugin ran on its own version of the library");
        assertEquals("v2:bb\n", read(b), "the second plugin ran on its own, incompatible version");
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static void assertSkipped(LoadedPlugins loaded, String start) {
        assertTrue(loaded.skipped().stream().anyMatch(reason -> reason.startsWith(start)),
                "expected a skip reason starting with '" + start + "' in " + loaded.skipped());
    }
}
