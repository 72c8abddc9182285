package io.hookline.receiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP downstream on 127.0.0.1 that fails on purpose: each path answers with the statuses
 * queued for it (0 hangs until the server stops, a negative n answers 200 after n milliseconds),
 * then 200. Every request is kept, and so is the most requests of each path it answered at once.
 */
public final class TargetServer implements AutoCloseable {

    /** One request as the downstream received it, and when ({@link System#nanoTime()}). */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, long arrivedNanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> answering = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final Map<Received, Long> answeredNanos = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public TargetServer() throws IOException {
        server = LoopbackServer.start(this::handle);
    }

    /** The next answers of {@code path}, in order; after them it answers 200. */
    public void script(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    public String url(String path) {
        return LoopbackServer.url(server) + path;
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The most requests to {@code path} that were waiting for their answer at the same time. */
    public int mostAtOnce(String path) {
        AtomicInteger most = mostAtOnce.get(path);
        return most == null ? 0 : most.get();
    }

    /**
     * When the answer to this request was sent ({@link System#nanoTime()}), or {@link Long#MAX_VALUE}
     * when none was: a request that arrived after it was not running beside it.
     */
    public long answeredNanos(Received request) {
        return answeredNanos.getOrDefault(request, Long.MAX_VALUE);
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange) throws IOException, InterruptedException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Received request = new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime());
            received.add(request);
            AtomicInteger waiting = answering.computeIfAbsent(path, p -> new AtomicInteger());
            mostAtOnce.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(waiting.incrementAndGet(), Math::max);
            int status;
            try {
                status = status(path);
            } finally {
                // Before the answer is sent: a client that sends its next request on the answer is never counted twice.
                waiting.decrementAndGet();
                answeredNanos.put(request, System.nanoTime());
            }
            if (status == 0) {
                return;
            }
            if (status == 429 || status == 503) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** The next scripted answer of the path, once its wait is over; 0 when it hung until the server stopped. */
    private int status(String path) throws InterruptedException {
        Deque<Integer> script = scripts.get(path);
        Integer status;
        synchronized (this) {
            status = script == null || script.isEmpty() ? 200 : script.poll();
        }
        if (status == 0) {
            while (!stopping) {
                sleep();
            }
            return 0;
        }
        if (status < 0) {
            Thread.sleep(-status);
            return 200;
        }
        return status;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        server.stop(0);
    }
}
