package io.hookline.loadgen;

import io.hookline.sqlite.SqliteEngine;
import io.hookline.sqlite.SqliteSettings;
import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.WriterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's own append rate, without HTTP: what the receiver's saturation is compared with.
 * Appends GitHub {@code push} events with the headers a real delivery keeps, through the same
 * {@link EventStore} the receiver uses (compression and header text on the calling threads, one
 * group-commit writer, {@code synchronous=FULL}), keeping as many appends in flight as the load
 * generator keeps connections.
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.StoreAppendRate --data-dir DIR --payload FILE [--duration 10s]
 *     [--warmup 3s] [--in-flight 64] [--threads 2]</pre>
 */
public final class StoreAppendRate {

    private StoreAppendRate() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--duration", "10s", "--warmup", "3s", "--in-flight", "64",
                "--threads", "2"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--data-dir") || !options.containsKey("--payload")) {
            System.err.println("usage: java -cp hookline-loadgen.jar io.hookline.loadgen.StoreAppendRate --data-dir DIR"
                    + " --payload FILE [--duration 10s] [--warmup 3s] [--in-flight 64] [--threads 2]");
            System.exit(2);
        }
        Path dataDir = Path.of(options.get("--data-dir"));
        byte[] body = Files.readAllBytes(Path.of(options.get("--payload")));
        Duration duration = LoadSettings.duration(options.get("--duration"));
        Duration warmup = LoadSettings.duration(options.get("--warmup"));
        int inFlight = Integer.parseInt(options.get("--in-flight"));
        int threads = Integer.parseInt(options.get("--threads"));
        try (Database database = Database.open(SqliteEngine.open(SqliteSettings.defaults(dataDir)), WriterSettings.defaults(),
                Clock.systemUTC())) {
            long appended = run(new EventStore(database), body, duration, warmup, inFlight, threads);
            System.out.printf(Locale.ROOT, "store only  %d appends in %d s = %.0f appends/s (synchronous=FULL, %d in flight)%n",
                    appended, duration.toSeconds(), appended / (duration.toMillis() / 1000.0), inFlight);
        }
    }

    /** Appends from {@code threads} threads for warm-up plus duration; answers how many completed in the duration. */
    static long run(EventStore store, byte[] body, Duration duration, Duration warmup, int inFlight, int threads)
            throws InterruptedException {
        DeliveryIds ids = DeliveryIds.random();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long stopAt = measureFrom + duration.toNanos();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong measured = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] senders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            senders[t] = new Thread(() -> {
                while (System.nanoTime() < stopAt && failure.get() == null) {
                    slots.acquireUninterruptibly();
                    String key = ids.next();
                    store.append(new NewEvent("gh", "github", key, "push", null, headers(key, body.length), body, List.of()))
                            .whenComplete((receipt, error) -> {
                                long now = System.nanoTime();
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                } else if (now >= measureFrom && now < stopAt) {
                                    measured.incrementAndGet();
                                }
                                slots.release();
                            });
                }
            });
            senders[t].start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        slots.acquire(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("an append failed: " + failure.get().getMessage(), failure.get());
        }
        return measured.get();
    }

    /** What a GitHub delivery's headers look like once the receiver has dropped the signature. */
    private static Map<String, String> headers(String delivery, int length) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "*/*");
        headers.put("content-type", "application/json");
        headers.put("content-length", String.valueOf(length));
        headers.put("host", "hooks.example.com");
        headers.put("user-agent", "GitHub-Hookshot/044aadd");
        headers.put("x-github-delivery", delivery);
        headers.put("x-github-event", "push");
        headers.put("x-github-hook-id", "292430182");
        headers.put("x-github-hook-installation-target-id", "79929171");
        headers.put("x-github-hook-installation-target-type", "repository");
        return headers;
    }
}
