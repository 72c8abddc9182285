package io.hookline.receiver;

import io.hookline.receiver.config.Version;
import io.hookline.receiver.store.MigrateCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The jar's commands: {@code serve} (the default), {@code check}, {@code migrate}, {@code help}/{@code -h}/{@code --help}
 * and {@code --version}. Help and version answer before anything of Micronaut starts, so neither opens a
 * port nor creates {@code ./data}; an unknown command or option is a usage error (exit 64, {@code EX_USAGE}),
 * never a server start.
 *
 * <p>Written by hand rather than with picocli: there are five words and no option of our own to parse,
 * while {@code serve} must hand Micronaut's own {@code --name=value} property arguments through untouched;
 * a parser library would add a dependency to the shaded jar for a dozen lines.
 */
final class CommandLine {

    /** Exit status of a command line that is not understood (sysexits.h {@code EX_USAGE}). */
    static final int EX_USAGE = 64;

    static final String USAGE = String.join("\n",
            "usage: java [-Dmicronaut.config.files=FILE] -jar hookline.jar [COMMAND]",
            "",
            "commands:",
            "  serve              receive webhooks (the default when no command is given)",
            "  check [--config FILE]",
            "                     read the configuration as a start would, list every problem, and exit",
            "                     (0 fine, 78 not usable); opens no port, creates no database",
            "  migrate --to URL   copy the SQLite store of hookline.data-dir into PostgreSQL (see docs/scaling.md)",
            "  help, -h, --help   print this text and exit (also after a command: check --help)",
            "  --version          print the version and exit",
            "",
            "main options (as -Dname=value before -jar, or as environment variables):",
            "  micronaut.config.files   the configuration file(s), e.g. samples/hookline.yml",
            "  micronaut.server.port    the port to listen on (MICRONAUT_SERVER_PORT; default 8080)",
            "  hookline.data-dir        where the SQLite store lives (HOOKLINE_DATA_DIR; default ./data)",
            "serve also takes Micronaut's --name=value property arguments.");

    /** What to do with the arguments: a status to exit with now, or null to start the server. */
    static Integer dispatch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return null;
        }
        String command = args[0];
        switch (command) {
            case "help", "-h", "--help" -> {
                return alone(args, USAGE, out, err);
            }
            case "--version", "version" -> {
                return alone(args, "hookline " + Version.current(), out, err);
            }
            case "migrate" -> {
                return MigrateCommand.run(args, env, out, err);
            }
            case "check" -> {
                return CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            case "serve" -> {
                if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
                    out.println(USAGE);
                    return 0;
                }
                return serveArguments(Arrays.copyOfRange(args, 1, args.length), err);
            }
            default -> {
                return serveArguments(args, err);
            }
        }
    }

    /** Help and the version take nothing after them: a word there is a usage error, not ignored. */
    private static int alone(String[] args, String text, PrintStream out, PrintStream err) {
        if (args.length > 1) {
            err.println("'" + args[0] + "' takes nothing after it, not '" + args[1] + "'");
            err.println(USAGE);
            return EX_USAGE;
        }
        out.println(text);
        return 0;
    }

    /** Arguments left for {@code serve}: only Micronaut's {@code --name=value} properties are accepted. */
    static String[] serveArgs(String[] args) {
        return args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    private static Integer serveArguments(String[] args, PrintStream err) {
        for (String arg : args) {
            if (!(arg.startsWith("--") && arg.indexOf('=') > 2)) {
                err.println(arg.startsWith("-") ? "unknown option '" + arg + "'" : "unknown command '" + arg + "'");
                err.println(USAGE);
                return EX_USAGE;
            }
        }
        return null;
    }
}
