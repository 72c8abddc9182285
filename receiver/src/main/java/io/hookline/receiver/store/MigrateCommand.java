package io.hookline.receiver.store;

import io.hookline.postgres.PostgresSettings;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.store.StorageException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar hookline.jar migrate --to jdbc:postgresql://host:5432/hookline [--user NAME]
 * [--data-dir DIR]}: copies the SQLite store of a stopped receiver into an empty PostgreSQL
 * database. The password comes from {@code DATASOURCES_DEFAULT_PASSWORD}, as for the receiver,
 * never from the command line, where other users of the machine could read it.
 *
 * <p>Without {@code --data-dir} the store is the one the receiver uses: {@code hookline.data-dir}
 * read from the configuration as a start reads it ({@code -Dmicronaut.config.files}, the
 * environment, such as {@code HOOKLINE_DATA_DIR}), so the command finds the store of the receiver
 * it is run beside, wherever its working directory is.
 */
public final class MigrateCommand {

    static final String USAGE = "usage: java -jar hookline.jar migrate --to jdbc:postgresql://HOST:5432/DATABASE"
            + " [--user NAME] [--data-dir DIR]\n"
            + "  Copies the SQLite store in DIR (default: hookline.data-dir of the configuration, as a start reads it)\n"
            + "  into an empty PostgreSQL database and checks the counts.\n"
            + "  Stop the receiver first. The password is read from DATASOURCES_DEFAULT_PASSWORD; the user defaults\n"
            + "  to DATASOURCES_DEFAULT_USERNAME.";

    private MigrateCommand() {}

    /** Exit status of a command line that is not understood (sysexits.h {@code EX_USAGE}), as for every command. */
    static final int EX_USAGE = 64;

    /** Runs the command; answers the exit status: 0 copied, 1 failed (nothing committed), 64 usage. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        String url = null;
        String user = environment.get("DATASOURCES_DEFAULT_USERNAME");
        Path dataDir = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length || !option.startsWith("--")) {
                err.println((option.startsWith("--") ? option + " needs a value" : "unexpected '" + option + "'")
                        + "\n" + USAGE);
                return EX_USAGE;
            }
            String value = args[++i];
            switch (option) {
                case "--to" -> url = value;
                case "--user" -> user = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> {
                    err.println("unknown option " + option + "\n" + USAGE);
                    return EX_USAGE;
                }
            }
        }
        if (url == null || !PostgresSettings.isPostgres(url)) {
            err.println((url == null ? "--to is required" : "--to must be a jdbc:postgresql:// URL, not '"
                    + PostgresSettings.masked(url) + "'") + "\n" + USAGE);
            return EX_USAGE;
        }
        PostgresSettings target = new PostgresSettings(url, user, environment.get("DATASOURCES_DEFAULT_PASSWORD"));
        try {
            // Every refusal (no store, a store a running receiver holds, a target that is unreachable or not
            // empty) comes before the first line that says it is copying.
            Map<String, Long> counts = SqliteToPostgres.copy(dataDir == null ? configuredDataDir() : dataDir, target,
                    out::println);
            out.println("Counts match; committed:");
            counts.forEach((what, count) -> out.printf("  %-17s %,12d%n", what, count));
            out.println("Now set datasources.default.url (and username, password) in the receiver's configuration.");
            return 0;
        } catch (StorageException e) {
            err.println("migrate: " + e.getMessage());
            return 1;
        }
    }

    /** {@code hookline.data-dir} as a start reads it: the same files, system properties and environment. */
    private static Path configuredDataDir() {
        Environment configuration = ApplicationContext.builder().mainClass(MigrateCommand.class).banner(false).build()
                .getEnvironment().start();
        try {
            return configuration.getProperty("hookline.data-dir", Path.class).orElseGet(() -> new HooklineConfig().getDataDir());
        } finally {
            configuration.stop();
        }
    }
}
