package io.hookline.loadgen;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The downstream of a {@code forward} route, on 127.0.0.1: answers 200 to every delivery and notes
 * when each event (its {@code webhook-id}) arrived, so the run can say how many deliveries were
 * completed per second and how long each event took from its acknowledgement to its delivery.
 */
final class DownstreamTarget implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();

    DownstreamTarget(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                delivered.putIfAbsent(id, now);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** An event acknowledged in the measured window, at this time. */
    void acknowledged(String eventId, long nanoTime) {
        acknowledged.put(eventId, nanoTime);
    }

    /**
     * Waits (at most {@code waitMillis}) for every acknowledged event to arrive, then prints the
     * deliveries completed in the window and the acknowledgement-to-delivery percentiles.
     */
    void report(PrintStream out, long measureFrom, long stopAt, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (!delivered.keySet().containsAll(acknowledged.keySet()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (stopAt - measureFrom) / 1e9;
        long inWindow = delivered.values().stream().filter(at -> at >= measureFrom && at < stopAt).count();
        long[] latencies = acknowledged.entrySet().stream().filter(e -> delivered.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, delivered.get(e.getKey()) - e.getValue())).sorted().toArray();
        long missing = acknowledged.keySet().stream().filter(id -> !delivered.containsKey(id)).count();
        out.printf(Locale.ROOT, "deliveries  %d completed in %.0f s = %.0f/s; acknowledged in the window %d, not delivered"
                + " %d s after the run: %d%n", inWindow, seconds, inWindow / seconds, acknowledged.size(),
                waitMillis / 1000, missing);
        out.printf(Locale.ROOT, "ack to delivery ms  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", quantile(latencies, 0.5),
                quantile(latencies, 0.9), quantile(latencies, 0.99), quantile(latencies, 1.0));
    }

    private static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
