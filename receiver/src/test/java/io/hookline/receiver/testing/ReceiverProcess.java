package io.hookline.receiver.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded jar running as its own process on a configuration file, as a user runs it: what the
 * process-level tests (*IT) start, send signed deliveries to, and kill.
 */
public final class ReceiverProcess implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\":\"(evt_[0-9A-Z]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the receiver answered a delivery: null id when it did not acknowledge it. */
    public record Answer(int status, String id, boolean duplicate) {
        public boolean acknowledged() {
            return status == 200 && id != null;
        }
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ReceiverProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on {@code config} (which must set {@code micronaut.server.port: port}) and waits for /health. */
    public static ReceiverProcess start(Path config, int port, Path log) throws IOException {
        return start(config, port, log, Map.of());
    }

    /** As {@link #start(Path, int, Path)}, with these variables added to the environment. */
    public static ReceiverProcess start(Path config, int port, Path log, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-Dmicronaut.config.files=" + config, "-jar",
                System.getProperty("hookline.jar", "target/hookline.jar"))
                .directory(config.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ReceiverProcess receiver = new ReceiverProcess(process, port, log);
        receiver.awaitHealthy();
        return receiver;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no grace, as when the machine dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Posts a signed delivery to {@code /hooks/gh}; a refused connection or timeout is an unacknowledged answer. */
    public Answer send(GitHubDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/gh"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            Matcher status = STATUS.matcher(response.body());
            return new Answer(response.statusCode(), id.find() ? id.group(1) : null,
                    status.find() && status.group(1).equals("duplicate"));
        } catch (IOException e) {
            return new Answer(-1, null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, false);
        }
    }

    /** An admin API answer's body, with the bearer token. */
    public String admin(String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POSTs JSON to the admin API; answers the body. */
    public String adminPost(String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** How many events the admin API lists as pending, retrying or dead (up to 500 of each). */
    public int unprocessed(String token) {
        List<String> ids = unprocessedIds(token);
        return ids == null ? -1 : ids.size();
    }

    /**
     * Waits until no event is pending, retrying or dead; if some are left, fails with what the admin
     * API says of each (its deliveries and attempts) and the warnings of the receiver's log, so that a
     * failure on a machine nobody can look at says why.
     */
    public void awaitNothingUnprocessed(String what, Duration limit, String token) {
        awaitNothingUnprocessed(what, limit, token, () -> "");
    }

    /** As {@link #awaitNothingUnprocessed(String, Duration, String)}, adding what {@code more} says on failure. */
    public void awaitNothingUnprocessed(String what, Duration limit, String token, Supplier<String> more) {
        try {
            Eventually.await(what, limit, () -> unprocessed(token), count -> count == 0);
        } catch (AssertionError e) {
            StringBuilder detail = new StringBuilder(e.getMessage());
            detail.append("\n").append(more.get());
            detail.append("\nthe receiver's dispatch threads:\n").append(dispatchThreads());
            List<String> ids = unprocessedIds(token);
            for (String id : ids == null ? List.<String>of() : ids.subList(0, Math.min(ids.size(), 10))) {
                try {
                    detail.append("\n").append(admin("/admin/events/" + id, token));
                } catch (IOException | InterruptedException unreadable) {
                    detail.append("\n").append(id).append(": ").append(unreadable);
                }
            }
            detail.append("\nwarnings of the log:");
            log().lines().filter(line -> line.contains("WARN") || line.contains("ERROR")
                    || line.startsWith("Exception in thread") || line.contains("OutOfMemoryError")).limit(40)
                    .forEach(line -> detail.append("\n").append(line));
            throw new AssertionError(detail.toString(), e);
        }
    }

    /** The stacks of the receiver's dispatch and HTTP client threads ({@code jcmd Thread.print}). */
    private String dispatchThreads() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(20, TimeUnit.SECONDS);
            StringBuilder threads = new StringBuilder();
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("\"hookline-dispatch") || thread.contains("\"HttpClient")) {
                    threads.append(thread).append("\n\n");
                }
            }
            return threads.toString();
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private List<String> unprocessedIds(String token) {
        List<String> ids = new ArrayList<>();
        for (String status : new String[] {"pending", "retrying", "dead"}) {
            try {
                Matcher id = ID.matcher(admin("/admin/events?limit=500&status=" + status, token));
                while (id.find()) {
                    ids.add(id.group(1));
                }
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }
        return ids;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitHealthy() {
        Eventually.await("the receiver to answer /health", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the receiver exited: " + log());
            }
            try {
                return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }, status -> status == 200);
    }

    /** Stops the receiver as systemd does (SIGTERM), waiting for its graceful shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
