package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.ReceiverProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator at the shell: help, the version and a mistyped command answer at once, exit with the
 * documented status, and neither open the port nor create {@code ./data}.
 */
class CommandLineIT {

    @TempDir
    Path dir;

    private record Run(int status, String output) {}

    private Run run(int port, String... args) throws IOException, InterruptedException {
        return run(port, Map.of(), args);
    }

    private Run run(int port, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        if (!environment.containsKey("MICRONAUT_SERVER_PORT")) {
            command.add("-Dmicronaut.server.port=" + port);
        }
        command.addAll(List.of("-jar",
                Path.of(System.getProperty("hookline.jar", "target/hookline.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("out.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("'" + String.join(" ", args) + "' did not end by itself: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private void assertNothingStarted(int port) throws IOException {
        assertFalse(Files.exists(dir.resolve("data")), "no ./data created");
        try (ServerSocket free = new ServerSocket(port)) {
            assertTrue(free.isBound(), "the port was never taken");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void helpListsTheCommandsAndStartsNothing() throws Exception {
        int port = ReceiverProcess.freePort();
        for (String help : new String[] {"--help", "-h", "help"}) {
            Run run = run(port, help);
            assertEquals(0, run.status(), help + " exits 0: " + run.output());
            assertTrue(run.output().contains("usage: java"), run.output());
            assertTrue(run.output().contains("migrate"), run.output());
            assertTrue(run.output().contains("micronaut.server.port"), run.output());
            assertFalse(run.output().contains("Startup completed"), run.output());
            assertNothingStarted(port);
        }
        for (String[] help : new String[][] {{"serve", "--help"}, {"check", "--help"}, {"migrate", "--help"}}) {
            Run run = run(port, help);
            assertEquals(0, run.status(), String.join(" ", help) + " exits 0: " + run.output());
            assertTrue(run.output().contains("usage: java"), run.output());
            assertNothingStarted(port);
        }
        Run extra = run(port, "--help", "extra");
        assertEquals(CommandLine.EX_USAGE, extra.status(), extra.output());
        assertTrue(extra.output().contains("'--help' takes nothing after it, not 'extra'"), extra.output());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void versionPrintsTheBuildsVersion() throws Exception {
        int port = ReceiverProcess.freePort();
        Run run = run(port, "--version");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().strip().matches("hookline \\S+"), run.output());
        assertFalse(run.output().contains("hookline dev"), "the jar knows its version: " + run.output());
        assertNothingStarted(port);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anUnknownCommandOrOptionIsAUsageErrorNotAServerStart() throws Exception {
        int port = ReceiverProcess.freePort();
        for (String wrong : new String[] {"srve", "--verbose", "-x"}) {
            Run run = run(port, wrong);
            assertEquals(64, run.status(), wrong + ": " + run.output());
            assertTrue(run.output().contains("'" + wrong + "'"), run.output());
            assertTrue(run.output().contains("usage: java"), run.output());
            assertNothingStarted(port);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void checkPassesAGoodFileAndListsEveryProblemOfABadOneWithoutStartingAnything() throws Exception {
        int port = ReceiverProcess.freePort();
        Path good = dir.resolve("good.yml");
        Files.writeString(good, String.join("\n", List.of(
                "hookline:",
                "  admin-token: 0123456789abcdef0123456789abcdef",
                "  sources:",
                "    gh:",
                "      provider: github",
                "      secrets: [ \"a-long-enough-secret-for-the-test\" ]",
                "  routes:",
                "    - handler: log",
                "      timeout: \"${ROUTE_TIMEOUT:30s}\"")));
        Run fine = run(port, "check", "--config", good.toString());
        assertEquals(0, fine.status(), fine.output());
        assertTrue(fine.output().contains("the configuration is fine"), fine.output());
        assertNothingStarted(port);

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, String.join("\n", List.of(
                "hookline:",
                "  admin-token: replace-me-replace-me-replace-me-replace-me",
                "  sources:",
                "    gh:",
                "      provider: github",
                "      secrets: [ \"replace-me-with-the-webhook-secret\" ]")));
        Run refused = run(port, "check", "--config", bad.toString());
        assertEquals(78, refused.status(), refused.output());
        assertTrue(refused.output().contains("hookline.admin-token still holds a placeholder"), refused.output());
        assertTrue(refused.output().contains("hookline.sources.gh.secrets[0] still holds a placeholder"),
                refused.output());
        assertFalse(refused.output().contains("at io.micronaut"), "no stack trace: " + refused.output());
        assertNothingStarted(port);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void checkListsProblemsOfEveryKindAtOnce() throws Exception {
        int port = ReceiverProcess.freePort();
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, String.join("\n", StartFailureIT.PROBLEMS_OF_EVERY_KIND));
        Run refused = run(port, "check", "--config", bad.toString());
        assertEquals(78, refused.status(), refused.output());
        for (String line : StartFailureIT.PROBLEM_LINES) {
            assertTrue(refused.output().contains(line), "check lists" + line + "\n" + refused.output());
        }
        assertFalse(refused.output().contains("at io.micronaut"), "no stack trace: " + refused.output());
        assertNothingStarted(port);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void checkRefusesAListGivenAsARoutesWhereNamingTheRouteRatherThanJoiningItWithCommas() throws Exception {
        int port = ReceiverProcess.freePort();
        Path bad = dir.resolve("where-list.yml");
        Files.writeString(bad, String.join("\n", List.of(
                "hookline:",
                "  routes:",
                "    - name: main-pushes",
                "      match: \"gh:push\"",
                "      handler: log",
                "      where:",
                "        - body.ref == 'refs/heads/main'",
                "        - body.deleted == false")));
        Run refused = run(port, "check", "--config", bad.toString());
        assertEquals(78, refused.status(), refused.output());
        assertTrue(refused.output().contains("\n  hookline.routes[0].where (route 'main-pushes'): is one expression,"
                + " not a list; join the conditions with && (or ||)"), refused.output());
        assertFalse(refused.output().contains("at io.micronaut"), "no stack trace: " + refused.output());
        assertNothingStarted(port);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void valuesFromTheEnvironmentAreReadAsAStartReadsThem() throws Exception {
        int port = ReceiverProcess.freePort();
        Map<String, String> environment = Map.of("HOOKLINE_STORAGE_SYNCHRONOUS", "FAST",
                "HOOKLINE_STORAGE_BUSY_TIMEOUT", "forever", "MICRONAUT_SERVER_PORT", "99999");
        for (String command : List.of("check", "serve")) {
            Run refused = run(port, environment, command);
            assertEquals(78, refused.status(), command + ": " + refused.output());
            for (String line : List.of("hookline.storage.synchronous: 'FAST' is not one of NORMAL, FULL, EXTRA",
                    "hookline.storage.busy-timeout: 'forever' is not a duration",
                    "micronaut.server.port (MICRONAUT_SERVER_PORT): '99999' is not a port")) {
                assertTrue(refused.output().contains(line), command + " lists " + line + "\n" + refused.output());
            }
            assertFalse(refused.output().contains("at io.micronaut"), "no stack trace: " + refused.output());
            assertNothingStarted(port);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aReconcileBlockTakesItsProvidersKeysFromAFileOrTheEnvironmentAndRefusesOthersAtStart() throws Exception {
        int port = ReceiverProcess.freePort();
        Path good = dir.resolve("good.yml");
        Files.writeString(good, String.join("\n", List.of(
                "hookline:",
                "  admin-token: 0123456789abcdef0123456789abcdef",
                "  sources:",
                "    st:",
                "      provider: stripe",
                "      secrets: [ \"a-long-enough-secret-for-the-test\" ]",
                "      reconcile:",
                "        interval: 15m")));
        Run fine = run(port, Map.of("HOOKLINE_SOURCES_ST_RECONCILE_API_KEY", "rk_test_from_the_environment"), "check",
                "--config", good.toString());
        assertEquals(0, fine.status(), "the provider's key from the environment is its api-key: " + fine.output());
        assertFalse(fine.output().contains("rk_test_from_the_environment"), fine.output());

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, String.join("\n", List.of(
                "hookline:",
                "  admin-token: 0123456789abcdef0123456789abcdef",
                "  sources:",
                "    gh:",
                "      provider: github",
                "      secrets: [ \"a-long-enough-secret-for-the-test\" ]",
                "      reconcile:",
                "        token: ghp_a-token-for-the-test",
                "        hook: repos/acme/widgets/hooks/1",
                "        tokn: typo",
                "    zm:",
                "      provider: zoom",
                "      secrets: [ \"a-long-enough-secret-for-the-test\" ]",
                "      reconcile:",
                "        token: a-zoom-token-for-the-test",
                "        interval: lots")));
        for (String command : List.of("check", "serve")) {
            Run refused = command.equals("check") ? run(port, command, "--config", bad.toString())
                    : run(port, Map.of("MICRONAUT_CONFIG_FILES", bad.toString()), command);
            assertEquals(78, refused.status(), command + ": " + refused.output());
            for (String line : List.of(
                    "\n  hookline.sources.gh.reconcile.tokn: unknown setting (known: [api-url, hook, token])",
                    "\n  hookline.sources.zm.reconcile.interval: 'lots' is not a duration such as 30s, 5m, 2h or 7d")) {
                assertTrue(refused.output().contains(line), command + " lists" + line + "\n" + refused.output());
            }
            assertFalse(refused.output().contains("is not a Hookline setting"), "a provider's key is a setting: "
                    + refused.output());
            assertFalse(refused.output().contains("ghp_a-token-for-the-test"), refused.output());
            assertFalse(refused.output().contains("at io.micronaut"), "no stack trace: " + refused.output());
            assertNothingStarted(port);
        }
    }
}
