package io.hookline.receiver.store;

import io.hookline.postgres.PostgresSettings;
import io.hookline.store.StorageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar hookline.jar migrate --to jdbc:postgresql://host:5432/hookline [--user NAME]
 * [--data-dir DIR]}: copies the SQLite store of a stopped receiver into an empty PostgreSQL
 * database. The password comes from {@code DATASOURCES_DEFAULT_PASSWORD}, as for the receiver,
 * never from the command line, where other users of the machine could read it.
 */
public final class MigrateCommand {

    static final String USAGE = "usage: java -jar hookline.jar migrate --to jdbc:postgresql://HOST:5432/DATABASE"
            + " [--user NAME] [--data-dir DIR]\n"
            + "  Copies the SQLite store in DIR (default ./data) into an empty PostgreSQL database and checks the counts.\n"
            + "  Stop the receiver first. The password is read from DATASOURCES_DEFAULT_PASSWORD; the user defaults\n"
            + "  to DATASOURCES_DEFAULT_USERNAME.";

    private MigrateCommand() {}

    /** Runs the command; answers the exit status: 0 copied, 1 failed (nothing committed), 2 usage. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String url = null;
        String user = environment.get("DATASOURCES_DEFAULT_USERNAME");
        Path dataDir = Path.of("data");
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length || !option.startsWith("--")) {
                err.println("unexpected '" + option + "'\n" + USAGE);
                return 2;
            }
            String value = args[++i];
            switch (option) {
                case "--to" -> url = value;
                case "--user" -> user = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> {
                    err.println("unknown option " + option + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (url == null || !PostgresSettings.isPostgres(url)) {
            err.println((url == null ? "--to is required" : "--to must be a jdbc:postgresql:// URL, not '"
                    + PostgresSettings.masked(url) + "'") + "\n" + USAGE);
            return 2;
        }
        PostgresSettings target = new PostgresSettings(url, user, environment.get("DATASOURCES_DEFAULT_PASSWORD"));
        out.println("Copying " + dataDir.resolve("hookline.db") + " into " + target.maskedUrl());
        try {
            Map<String, Long> counts = SqliteToPostgres.copy(dataDir, target, out::println);
            out.println("Counts match; committed:");
            counts.forEach((what, count) -> out.printf("  %-17s %,12d%n", what, count));
            out.println("Now set datasources.default.url (and username, password) in the receiver's configuration.");
            return 0;
        } catch (StorageException e) {
            err.println("migrate: " + e.getMessage());
            return 1;
        }
    }
}
