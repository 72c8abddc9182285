package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.ReceiverProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A start that cannot go on is one readable screen: every problem a line, no stack trace, a documented status. */
class StartFailureIT {

    @TempDir
    Path dir;

    private record Run(int status, String output) {}

    private Run start(String... properties) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar",
                Path.of(System.getProperty("hookline.jar", "target/hookline.jar")).toAbsolutePath().toString()));
        Path log = dir.resolve("out.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the start ends by itself");
        return new Run(process.exitValue(), Files.readString(log));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSampleAsShippedListsEveryPlaceholderInOneRun() throws Exception {
        Path sample = Path.of(System.getProperty("user.dir")).getParent().resolve("samples/hookline.yml");
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(),
                "-Dmicronaut.config.files=" + sample);
        assertEquals(StartFailure.EX_CONFIG, run.status(), run.output());
        for (String key : List.of("hookline.admin-token", "hookline.sources.gh.secrets[0]",
                "hookline.sources.stripe.secrets[0]", "hookline.sources.svix.secrets[0]")) {
            assertTrue(run.output().contains(key + " still holds a placeholder"), key + ": " + run.output());
        }
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
        assertFalse(run.output().contains("Error starting Micronaut server"), run.output());
        assertFalse(Files.exists(dir.resolve("data")), "a refused start creates no ./data");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aPortInUseIsOneLineNamingThePortAndTheSettingThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Run run = start("-Dmicronaut.server.port=" + port, "-Dhookline.data-dir=" + dir.resolve("data"));
            assertEquals(StartFailure.EX_UNAVAILABLE, run.status(), run.output());
            assertTrue(run.output().contains("port " + port + " is already in use"), run.output());
            assertTrue(run.output().contains("micronaut.server.port (MICRONAUT_SERVER_PORT)"), run.output());
            assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
            assertFalse(run.output().contains("BindException"), run.output());
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aStoreThatCannotBeOpenedIsOneLineSayingWhy() throws Exception {
        Path data = dir.resolve("data");
        int port = ReceiverProcess.freePort();
        Path config = dir.resolve("hookline.yml");
        Files.writeString(config, String.join("\n", List.of("micronaut.server.port: " + port, "hookline:",
                "  data-dir: " + data, "  plugins-dir: " + dir.resolve("plugins"))));
        try (ReceiverProcess running = ReceiverProcess.start(config, port, dir.resolve("running.log"))) {
            Run second = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dhookline.data-dir=" + data);
            assertEquals(StartFailure.EX_UNAVAILABLE, second.status(), second.output());
            assertTrue(second.output().contains("hookline: the store cannot be opened: ")
                    && second.output().contains("is in use by another Hookline process (pid " + running.pid() + " on "),
                    second.output());
            assertFalse(second.output().contains("at io.micronaut"), "no stack trace: " + second.output());
        }
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dhookline.data-dir=" + notADirectory);
        assertEquals(StartFailure.EX_UNAVAILABLE, run.status(), run.output());
        assertTrue(run.output().contains("hookline: the store cannot be opened: cannot create the data directory "
                + notADirectory), run.output());
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyMistypedKeyIsALineOfItsOwn() throws Exception {
        Path config = dir.resolve("typo.yml");
        Files.writeString(config, String.join("\n", List.of(
                "hookline:",
                "  data-dirr: x",
                "  sources:",
                "    gh:",
                "      provider: github",
                "      secretz: [ \"a-long-enough-secret-for-the-test\" ]")));
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dmicronaut.config.files=" + config);
        assertEquals(StartFailure.EX_CONFIG, run.status(), run.output());
        assertTrue(run.output().contains("\n  hookline.data-dirr is not a Hookline setting"), run.output());
        assertTrue(run.output().contains("\n  hookline.sources.gh.secretz is not a Hookline setting"), run.output());
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
    }

    /** Problems of every kind the start checks find, in one file: one start lists them all. */
    static final List<String> PROBLEMS_OF_EVERY_KIND = List.of(
            "hookline:",
            "  admin-token: replace-me-replace-me-replace-me-replace-me",
            "  data-dirr: x",
            "  admin:",
            "    allow-from: [ \"10.0.0.0/33\" ]",
            "  sentry:",
            "    signature-burst-window: soon",
            "    environment: \"${HOOKLINE_TEST_VARIABLE_NOBODY_SETS}\"",
            "  sources:",
            "    gh:",
            "      provider: githubb",
            "      secrets: [ \"a-long-enough-secret-for-the-test\" ]",
            "  routes:",
            "    - handler: nope",
            "    - handler: log",
            "      match: \"gh:pull_request.*\"",
            "      where: body.pull_request.draft");

    /** What a user reads for each problem of {@link #PROBLEMS_OF_EVERY_KIND}, a line each. */
    static final List<String> PROBLEM_LINES = List.of(
            "\n  hookline.admin-token still holds a placeholder from the sample configuration;",
            "\n  hookline.data-dirr is not a Hookline setting",
            "\n  hookline.admin.allow-from[0]: '10.0.0.0/33' needs a prefix length from 0 to 32",
            "\n  hookline.sentry.signature-burst-window: 'soon' is not a duration such as 30s, 5m, 2h or 7d",
            "\n  hookline.sources.gh.provider: no provider 'githubb' is loaded",
            "\n  hookline.sentry.environment: ${HOOKLINE_TEST_VARIABLE_NOBODY_SETS} names a variable that is not set",
            "\n  hookline.routes[0].handler: no handler 'nope' is loaded",
            "\n  hookline.routes[1].where: line 1, column 18: expected type 'bool' but found 'dyn' (a field of body may"
                    + " hold any JSON value); "
                    + "compare it with a value of the type it holds, "
                    + "such as body.pull_request.draft == true or body.pull_request.draft == 'main'");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void problemsOfEveryKindAreListedInOneStart() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, String.join("\n", PROBLEMS_OF_EVERY_KIND));
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dmicronaut.config.files=" + config);
        assertEquals(StartFailure.EX_CONFIG, run.status(), run.output());
        for (String line : PROBLEM_LINES) {
            assertTrue(run.output().contains(line), "the start lists" + line + "\n" + run.output());
        }
        assertFalse(run.output().contains("not checked"), "every check ran: " + run.output());
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
        assertFalse(Files.exists(dir.resolve("data")), "a refused start creates no ./data");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKeyLeftWithoutAValueIsOneLineNamingIt() throws Exception {
        Path config = dir.resolve("blank.yml");
        Files.writeString(config, String.join("\n", List.of(
                "hookline:",
                "  routes:",
                "    - name: blanked",
                "      handler: log",
                "      where:",
                "      order-by:",
                "    - name: also-blanked",
                "      handler: log",
                "      where:")));
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dmicronaut.config.files=" + config);
        assertEquals(StartFailure.EX_CONFIG, run.status(), run.output());
        for (String key : List.of("hookline.routes[0].where (route 'blanked')", "hookline.routes[0].order-by (route 'blanked')",
                "hookline.routes[1].where (route 'also-blanked')")) {
            assertTrue(run.output().contains("\n  " + key + " is given no value; give it one, or leave the key out"),
                    "every bare key, each with its route's name: " + run.output());
        }
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
        assertFalse(Files.exists(dir.resolve("data")), "a refused start creates no ./data");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aValueThatCannotBeReadSaysWhichChecksWaitForIt() throws Exception {
        Path config = dir.resolve("unreadable.yml");
        Files.writeString(config, String.join("\n", List.of(
                "hookline:",
                "  admin-token: replace-me-replace-me-replace-me-replace-me",
                "  max-body-size: lots",
                "  routes:",
                "    - handler: nope",
                "    - handler: log",
                "      timeout: 5 parsecs",
                "      retry-delays: [ 5s, \"5 parsecs\", 1m ]")));
        Run run = start("-Dmicronaut.server.port=" + ReceiverProcess.freePort(), "-Dmicronaut.config.files=" + config);
        assertEquals(StartFailure.EX_CONFIG, run.status(), run.output());
        assertTrue(run.output().contains("\n  hookline.routes[1].timeout: '5 parsecs' is not a duration"), run.output());
        assertTrue(run.output().contains("\n  hookline.routes[1].retry-delays[1]: '5 parsecs' is not a duration"),
                "an entry binding would drop without a word is named: " + run.output());
        assertTrue(run.output().contains("\n  hookline.max-body-size: 'lots' is not a size such as 1048576, 512KB, 1MB"),
                run.output());
        assertTrue(run.output().contains("\n  hookline.admin-token still holds a placeholder"),
                "the admin token is checked though another of the receiver's settings cannot be read: " + run.output());
        assertTrue(run.output().contains("\n  not checked until the values above can be read: secrets in route settings,"
                + " sources (hookline.sources), routes (hookline.routes), hookline.trusted-proxies, hookline.secret-key;"
                + " check again once they are fixed"), run.output());
        assertFalse(run.output().contains("no handler 'nope'"), "routes were not checked: " + run.output());
        assertFalse(run.output().contains("at io.micronaut"), "no stack trace: " + run.output());
        assertFalse(Files.exists(dir.resolve("data")), "a refused start creates no ./data");
    }
}
