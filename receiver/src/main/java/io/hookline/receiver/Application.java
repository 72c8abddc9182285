package io.hookline.receiver;

import io.hookline.receiver.logs.LogFormat;
import io.hookline.store.StorageException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import io.micronaut.runtime.Micronaut;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Runs the command the arguments name ({@link CommandLine}); with none, or {@code serve}, starts the receiver. */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        // Checked before anything creates a logger: logback reads the same variable to choose its appender.
        LogFormat format;
        try {
            format = LogFormat.of(System.getenv());
            format.select();
        } catch (IllegalArgumentException refused) {
            System.err.println("hookline: " + refused.getMessage());
            System.exit(StartFailure.EX_CONFIG);
            return;
        }
        Integer status = CommandLine.dispatch(args, System.getenv(), System.out, System.err);
        if (status != null) {
            System.exit(status);
        }
        Micronaut micronaut = Micronaut.build(CommandLine.serveArgs(args)).mainClass(Application.class).banner(false);
        // Micronaut picks an error's mapper by its exact class: the ones a failed start is thrown as, a
        // start event's listener (the dispatcher's, the subscriptions') throwing its own unwrapped.
        for (Class<? extends Throwable> type : List.of(BeanInstantiationException.class, ConfigurationException.class,
                DependencyInjectionException.class, ServerStartupException.class, StorageException.class,
                CompletionException.class)) {
            micronaut.mapError(type, failure -> StartFailure.explain(failure, format, System.err));
        }
        micronaut.start();
    }
}
