package io.hookline.receiver;

import io.hookline.receiver.logs.LogFormat;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code check}: reads the configuration exactly as a start would (the same files, system properties and
 * environment), by building the application context without its HTTP server, and reports the problems as a
 * failed start does ({@link StartFailure}). No port is opened; the store is a throwaway SQLite file in a
 * temporary directory, deleted afterwards, so neither {@code ./data} nor a configured PostgreSQL database
 * is touched (so a PostgreSQL URL itself is not checked).
 */
final class CheckCommand {

    private CheckCommand() {}

    /** Answers 0 when the configuration would start; a refused one exits 78 through {@link StartFailure}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String[] properties = args;
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(CommandLine.USAGE);
            return 0;
        }
        String file = args.length == 2 && args[0].equals("--config") ? args[1]
                : args.length == 1 && args[0].startsWith("--config=") ? args[0].substring("--config=".length()) : null;
        if (file != null && !file.isEmpty()) {
            System.setProperty("micronaut.config.files", file);
            properties = new String[0];
        } else if (args.length > 0) {
            err.println((args[0].startsWith("--config") ? "--config needs a file: check --config FILE"
                    : "unknown option '" + args[0] + "' of check") + "\n" + CommandLine.USAGE);
            return CommandLine.EX_USAGE;
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("hookline-check");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ApplicationContext context = ApplicationContext.builder(properties).mainClass(Application.class)
                .banner(false)
                .properties(Map.of("hookline.data-dir", scratch.toString(), "datasources.default.url", ""))
                .start()) {
            out.println("hookline: the configuration is fine");
            return 0;
        } catch (RuntimeException failure) {
            delete(scratch); // before explain, which exits
            // check answers a person at a shell: its problems are the text screen whatever HOOKLINE_LOG_FORMAT says.
            int status = StartFailure.explain(failure, LogFormat.TEXT, err);
            failure.printStackTrace(err);
            return status;
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind harms nothing.
        }
    }
}
