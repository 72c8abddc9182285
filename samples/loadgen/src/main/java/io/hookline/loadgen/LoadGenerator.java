package io.hookline.loadgen;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends correctly signed GitHub deliveries to a running Hookline, at a fixed rate or as fast as
 * possible, and prints throughput, latency percentiles and every status code. Delivery ids are
 * unique per run (a configurable share repeats earlier ones, to exercise deduplication).
 */
public final class LoadGenerator {

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadSettings.USAGE);
            System.exit(2);
            return;
        }
        Report report;
        if (settings.targetPort() > 0) {
            try (DownstreamTarget downstream = new DownstreamTarget(settings.targetPort())) {
                report = run(settings, downstream);
                report.print(System.out);
                downstream.report(System.out, report.measureFrom(), report.stopAt(), 30_000);
            }
        } else {
            report = run(settings, null);
            report.print(System.out);
        }
        if (settings.verifyDb() != null) {
            String path = settings.url().getPath();
            String source = path.substring(path.lastIndexOf('/') + 1);
            StoreCheck.Result check = StoreCheck.count(settings.verifyDb(), source, report.ids().suffix(), report.startedAt());
            check.print(System.out, report.tally().accepted + report.warmupAccepted());
            if (!check.matches(report.tally().accepted + report.warmupAccepted())) {
                System.exit(1);
            }
        }
    }

    static Report run(LoadSettings settings, DownstreamTarget downstream) throws InterruptedException {
        DeliveryIds ids = DeliveryIds.random();
        Instant startedAt = Instant.now();
        SignedRequests requests = new SignedRequests(settings);
        long now = System.nanoTime();
        long measureFrom = now + settings.warmup().toNanos();
        long stopAt = measureFrom + settings.duration().toNanos();
        long interval = settings.rate() == 0 ? 0 : 1_000_000_000L * settings.connections() / settings.rate();
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < settings.connections(); i++) {
            Connection connection = new Connection(settings, settings.target(i), downstream, requests, ids,
                    measureFrom, stopAt, interval);
            connections.add(connection);
            Thread thread = new Thread(connection, "loadgen-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Tally> tallies = connections.stream().map(Connection::tally).toList();
        return new Report(settings, ids, startedAt, Tally.merge(tallies), measureFrom, stopAt);
    }

    /** A run's outcome. */
    record Report(LoadSettings settings, DeliveryIds ids, Instant startedAt, Tally tally, long measureFrom, long stopAt) {

        long warmupAccepted() {
            return tally.warmupAccepted;
        }

        void print(PrintStream out) {
            double seconds = settings.duration().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "target      %s  payload %s (%d bytes)%n", settings.url()
                    + (settings.also().isEmpty() ? "" : " and " + settings.also()), settings.payloadName(),
                    settings.body().length);
            out.printf(Locale.ROOT, "load        %d connections, %s, %.0f s measured after %d s warm-up, %.0f%% duplicates%n",
                    settings.connections(), settings.rate() == 0 ? "as fast as possible" : settings.rate() + " req/s",
                    seconds, settings.warmup().toSeconds(), settings.duplicates() * 100);
            out.printf(Locale.ROOT, "requests    %d in %.0f s = %.0f req/s%n", tally.requests(), seconds,
                    tally.requests() / seconds);
            out.printf(Locale.ROOT, "latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    tally.percentileMillis(0.50), tally.percentileMillis(0.90), tally.percentileMillis(0.99),
                    tally.percentileMillis(0.999), tally.percentileMillis(1.0));
            StringBuilder statuses = new StringBuilder();
            tally.statuses.forEach((status, n) -> statuses.append(status).append('=').append(n).append("  "));
            out.printf(Locale.ROOT, "status      %s connection errors=%d%n", statuses, tally.errors);
            out.printf(Locale.ROOT, "answers     accepted=%d  duplicate=%d%n", tally.accepted, tally.duplicates);
        }
    }
}
