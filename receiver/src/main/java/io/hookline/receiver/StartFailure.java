package io.hookline.receiver;

import io.hookline.receiver.logs.LogFormat;
import io.hookline.store.StorageException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start that failed, told as one readable screen instead of Micronaut's stack trace: a configuration
 * problem lists its lines (each naming the key and what to do) and exits 78 ({@code EX_CONFIG}); a port
 * already in use names the port and the setting that changes it and exits 69 ({@code EX_UNAVAILABLE}), as
 * does a store that cannot be opened (held by another receiver, a data directory that cannot be made).
 * Any other failure keeps Micronaut's report (exit 1). The stack trace stays in the log at DEBUG.
 *
 * <p>With {@code HOOKLINE_LOG_FORMAT=json} the same lines are logged at ERROR instead of printed, one
 * JSON line each, so that a log shipper reading the service's output sees why it stopped.
 */
final class StartFailure {

    /** sysexits.h: the configuration is wrong. */
    static final int EX_CONFIG = 78;
    /** sysexits.h: a service the start needs (the port) is not available. */
    static final int EX_UNAVAILABLE = 69;

    /** How Micronaut words a value it could not bind, when no check of ours read it first. */
    private static final Pattern UNCONVERTED = Pattern.compile(
            "Error resolving property value \\[([^\\]]+)]\\. Unable to convert value \\[(.*?)] to target type \\[([^\\]]+)]");
    /** How Micronaut words a key given with no value ({@code where:} and nothing after it), which it cannot bind. */
    private static final Pattern EMPTY = Pattern.compile(
            "Error resolving property value \\[(.+?)]\\. Property doesn't exist");
    private static final Pattern PORT = Pattern.compile("(?:port:? ?|:)(\\d{1,5})\\b");
    private static final Logger LOG = LoggerFactory.getLogger(StartFailure.class);

    private StartFailure() {}

    /**
     * Tells {@code failure} (on {@code err} in text, as ERROR log lines in JSON) and exits when it is one this
     * class knows; answers 1 otherwise, for Micronaut to log and exit as it does.
     */
    static int explain(Throwable failure, LogFormat format, PrintStream err) {
        LOG.debug("The start failed", failure);
        List<String> problems = configurationProblems(failure);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("hookline: the configuration is not usable; fix these and start again:");
            problems.forEach(line -> lines.add("  " + line));
            return exit(EX_CONFIG, lines, format, err);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException) {
                // Another receiver holding the SQLite store, a data directory that cannot be made, a
                // database that cannot be reached: nothing to fix in the configuration's text, but one
                // line that says what, not the trace of the bean that opened it.
                return exit(EX_UNAVAILABLE, List.of("hookline: the store cannot be opened: " + cause.getMessage()),
                        format, err);
            }
            if (cause instanceof BindException) {
                String port = portIn(failure);
                if (String.valueOf(cause.getMessage()).contains("Cannot assign requested address")) {
                    return exit(EX_CONFIG, List.of("hookline: cannot listen on port " + port + " of the address in"
                            + " micronaut.server.host (MICRONAUT_SERVER_HOST): it is not an address of this machine;"
                            + " set one of its addresses, or 0.0.0.0 for all"), format, err);
                }
                return exit(EX_UNAVAILABLE, List.of("hookline: port " + port + " is already in use ("
                        + cause.getMessage() + "); stop what holds it, or listen on another port with"
                        + " micronaut.server.port (MICRONAUT_SERVER_PORT)"), format, err);
            }
        }
        return 1;
    }

    /**
     * The lines of the configuration problem a failure is, one problem each; empty when it is not one. A
     * value Micronaut could not convert while binding (one {@link StartChecks} does not read, such as an
     * entry of a list of durations) is a problem too, told with the value and the reason.
     */
    static List<String> configurationProblems(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException) {
                return Arrays.asList(cause.getMessage().split("\n"));
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConversionErrorException conversion) {
                Exception why = conversion.getConversionError().getCause();
                return List.of("a value cannot be read: '" + conversion.getConversionError().getOriginalValue() + "' for "
                        + conversion.getArgument().getName() + (why == null ? "" : " (" + why.getMessage() + ")")
                        + "; correct it");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Matcher unconverted = UNCONVERTED.matcher(String.valueOf(cause.getMessage()));
            if (unconverted.find()) {
                return List.of(unconverted.group(1) + ": '" + unconverted.group(2) + "' cannot be read as its setting's"
                        + " type (" + unconverted.group(3) + "); correct the value");
            }
            Matcher empty = EMPTY.matcher(String.valueOf(cause.getMessage()));
            if (empty.find()) {
                return List.of(empty.group(1) + " is given no value; give it one, or leave the key out");
            }
        }
        return List.of();
    }

    /** The port Micronaut names in its messages ("... on port 8080", "*:8080"); else the one set, else 8080. */
    private static String portIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Matcher port = PORT.matcher(String.valueOf(cause.getMessage()));
            if (port.find()) {
                return port.group(1);
            }
        }
        return System.getProperty("micronaut.server.port",
                System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080"));
    }

    private static int exit(int status, List<String> lines, LogFormat format, PrintStream err) {
        if (format == LogFormat.JSON) {
            lines.forEach(line -> LOG.atError().addKeyValue("exit_status", status).log(line.strip()));
        } else {
            lines.forEach(err::println);
        }
        err.flush();
        // Micronaut would log the whole trace at ERROR after this mapper answers; exiting here is what keeps
        // the screen to the lines above. Logback's shutdown hook still writes what was logged before.
        System.exit(status);
        return status;
    }
}
