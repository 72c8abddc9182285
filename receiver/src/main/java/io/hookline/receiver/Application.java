package io.hookline.receiver;

import io.hookline.receiver.store.MigrateCommand;
import io.micronaut.runtime.Micronaut;

/** Starts the receiver, or runs {@code migrate} (SQLite to PostgreSQL) when that is the first argument. */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.run(args, System.getenv(), System.out, System.err));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
