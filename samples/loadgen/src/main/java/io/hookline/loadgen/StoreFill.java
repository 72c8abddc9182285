package io.hookline.loadgen;

import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.sqlite.SqliteEngine;
import io.hookline.sqlite.SqliteSettings;
import io.hookline.store.Database;
import io.hookline.store.WriterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a Hookline database directly, without HTTP, for the soak benchmark: N GitHub {@code push}
 * deliveries with random delivery GUIDs and receipt times spread evenly over the last D days,
 * written through the store's own code (the same rows, indexes and counters that webhooks get), so
 * that retention finds weeks of real work. Run it on a data directory of its own, before the
 * receiver starts there.
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.StoreFill --data-dir DIR --events 5000000 --days 40 --payload FILE</pre>
 */
public final class StoreFill {

    private static final int IN_FLIGHT = 4_096;

    private StoreFill() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path dataDir = Path.of(options.get("--data-dir"));
        long events = Long.parseLong(options.get("--events"));
        Duration spread = Duration.ofDays(Long.parseLong(options.get("--days")));
        byte[] body = Files.readAllBytes(Path.of(options.get("--payload")));
        fill(dataDir, events, spread, body);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--data-dir", "--events", "--days", "--payload")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: java -cp hookline-loadgen.jar io.hookline.loadgen.StoreFill"
                        + " --data-dir DIR --events N --days D --payload FILE   (missing " + required + ")");
                System.exit(2);
            }
        }
        return options;
    }

    static void fill(Path dataDir, long events, Duration spread, byte[] body) throws InterruptedException {
        Instant end = Instant.now();
        Instant start = end.minus(spread);
        double step = (double) spread.toMillis() / Math.max(1, events);
        FillClock clock = new FillClock(start);
        // NORMAL: the fill is not a webhook that was acknowledged; a crash means filling again.
        SqliteSettings settings = new SqliteSettings(dataDir, "NORMAL", Duration.ofSeconds(30));
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        DeliveryIds ids = DeliveryIds.random();
        long began = System.nanoTime();
        try (Database database = Database.open(SqliteEngine.open(settings), new WriterSettings(512, 20_000, 256L << 20),
                clock)) {
            EventStore store = new EventStore(database);
            for (long i = 0; i < events && failure.get() == null; i++) {
                clock.set(start.plusMillis((long) (i * step)));
                String key = ids.next();
                inFlight.acquire();
                store.append(new NewEvent("gh", "github", key, "push", null,
                        Map.of("x-github-event", "push", "x-github-delivery", key, "user-agent", "GitHub-Hookshot/fill"),
                        body, List.of())).whenComplete((receipt, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                            inFlight.release();
                        });
                if ((i + 1) % 250_000 == 0) {
                    System.out.printf(Locale.ROOT, "filled %,d of %,d events (%.0f/s)%n", i + 1, events,
                            (i + 1) / ((System.nanoTime() - began) / 1e9));
                }
            }
            inFlight.acquire(IN_FLIGHT);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the fill failed: " + failure.get().getMessage(), failure.get());
        }
        System.out.printf(Locale.ROOT, "filled %,d events received from %s to %s in %.0f s%n", events, start, end,
                (System.nanoTime() - began) / 1e9);
    }

    /** The time the filler says it is: each event's receipt time, set before its append. */
    private static final class FillClock extends Clock {

        private volatile Instant now;

        FillClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
