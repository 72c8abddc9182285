package io.hookline.receiver;

import io.micronaut.runtime.Micronaut;

/** Runs the command the arguments name ({@link CommandLine}); with none, or {@code serve}, starts the receiver. */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        Integer status = CommandLine.dispatch(args, System.getenv(), System.out, System.err);
        if (status != null) {
            System.exit(status);
        }
        Micronaut.build(CommandLine.serveArgs(args)).mainClass(Application.class).banner(false).start();
    }
}
