package io.hookline.handlers;

import io.hookline.spi.CarriedText;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code command}: runs {@code settings.command}, a program and its arguments, with the event body
 * on standard input and the event's metadata in {@code HOOKLINE_*} environment variables. Exit 0 is
 * success; exit 65 ({@code EX_DATAERR}) is a permanent failure; any other exit is retried. Over the
 * route's timeout the process is killed.
 *
 * <p>The command is a list ({@code [sh, -c, "…"]}), taken element by element, or one string split
 * with a POSIX shell's quoting ({@link CommandWords}); no shell runs unless the command names one.
 * The process gets a clean environment: the event's variables and the receiver's variables named in
 * {@code settings.pass-env} ({@code PATH} by default), never the rest of the receiver's environment,
 * which holds its secrets. The type and the idempotency key come from the sender and are carried as
 * {@link CarriedText} encodes them, so a NUL or any other character cannot stop the process from
 * starting.
 */
public final class CommandHandler implements EventHandler {

    static final int EX_DATAERR = 65;
    private static final int KEPT_OUTPUT = 400;
    /** What a command gets from the receiver's environment when its route names nothing. */
    static final List<String> DEFAULT_PASS_ENV = List.of("PATH");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[\\s,]+");

    @Override
    public String id() {
        return "command";
    }

    @Override
    public RouteHandler bind(RouteSettings route) {
        route.requireKnownSettings(Set.of("command", "pass-env"));
        List<String> command = command(route);
        Map<String, String> passed = new HashMap<>();
        for (String name : passEnv(route)) {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(route.settingKey("pass-env") + ": '" + name
                        + "' is not an environment variable name");
            }
            if (name.startsWith("HOOKLINE_")) {
                throw new IllegalArgumentException(route.settingKey("pass-env") + ": " + name
                        + " is the receiver's own; the receiver's settings and secrets never reach a command");
            }
            String value = System.getenv(name);
            if (value != null) {
                passed.put(name, value);
            }
        }
        return new CommandRoute(command, Map.copyOf(passed), ConcurrentHashMap.newKeySet());
    }

    /** The program and its arguments: the list as written, or the string split as a shell would. */
    private static List<String> command(RouteSettings route) {
        List<String> command = route.listSetting("command").orElseGet(() -> {
            String line = route.settings().get("command");
            if (line == null) {
                return List.of();
            }
            try {
                return CommandWords.split(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(route.settingKey("command") + ": " + e.getMessage());
            }
        });
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException(route.settingKey("command")
                    + " is required: the program to run and its arguments");
        }
        return command;
    }

    private static List<String> passEnv(RouteSettings route) {
        return route.listSetting("pass-env").orElseGet(() -> {
            String names = route.settings().get("pass-env");
            return names == null ? DEFAULT_PASS_ENV
                    : NAME_SEPARATORS.splitAsStream(names.strip()).filter(name -> !name.isEmpty()).toList();
        });
    }

    /**
     * One route's command, read once, and what it passes on from the receiver's environment; the
     * processes running for it, killed when the receiver stops.
     */
    private record CommandRoute(List<String> command, Map<String, String> passed, Set<Process> running)
            implements RouteHandler {

        @Override
        public void handle(StoredEvent event, HandlerContext context) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.putAll(passed);
            environment.put("HOOKLINE_EVENT_ID", event.id());
            environment.put("HOOKLINE_SOURCE", event.source());
            environment.put("HOOKLINE_PROVIDER", event.provider());
            environment.put("HOOKLINE_EVENT_TYPE", CarriedText.encode(event.type()));
            environment.put("HOOKLINE_IDEMPOTENCY_KEY", CarriedText.encode(event.key()));
            environment.put("HOOKLINE_ATTEMPT", Integer.toString(context.attempt()));
            Process process = builder.start();
            running.add(process);
            try {
                run(process, event, context);
            } finally {
                running.remove(process);
            }
        }

        @Override
        public void close() {
            running.forEach(Process::destroyForcibly);
        }
    }

    private static void run(Process process, StoredEvent event, HandlerContext context) throws Exception {
        Thread feeder = new Thread(() -> feed(process.getOutputStream(), event.body()), "hookline-command-stdin");
        feeder.setDaemon(true);
        feeder.start();
        TailCollector output = new TailCollector(process.getInputStream());
        output.start();
        try {
            if (!process.waitFor(context.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TimeoutException("the command ran past " + context.timeout().toSeconds() + " s and was killed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        output.join(1000);
        int exit = process.exitValue();
        if (exit == 0) {
            return;
        }
        String message = "exit " + exit + (output.tail().isEmpty() ? "" : ": " + output.tail());
        if (exit == EX_DATAERR) {
            throw new PermanentFailureException(message);
        }
        throw new TransientFailureException(message);
    }

    private static void feed(OutputStream stdin, byte[] body) {
        try (stdin) {
            if (body != null) {
                stdin.write(body);
            }
        } catch (IOException e) {
            // The command closed its input early; its exit status says whether that was a failure.
        }
    }

    /** Reads a process's output to the end, keeping only its last bytes for the attempt's message. */
    private static final class TailCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        TailCollector(InputStream in) {
            super("hookline-command-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    synchronized (all) {
                        all.write(buffer, 0, read);
                        if (all.size() > 8 * KEPT_OUTPUT) {
                            byte[] kept = Arrays.copyOfRange(all.toByteArray(), all.size() - KEPT_OUTPUT, all.size());
                            all.reset();
                            all.write(kept, 0, kept.length);
                        }
                    }
                }
            } catch (IOException e) {
                // The process was killed; what was read so far is the tail.
            }
        }

        String tail() {
            synchronized (all) {
                String text = all.toString(StandardCharsets.UTF_8).strip();
                return text.length() > KEPT_OUTPUT ? text.substring(text.length() - KEPT_OUTPUT) : text;
            }
        }
    }
}
