package io.hookline.loadgen;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** What one connection saw while measuring: latencies, statuses and answers. Merged at the end. */
final class Tally {

    private long[] latencies = new long[1 << 14];
    private int count;
    final Map<Integer, Long> statuses = new TreeMap<>();
    long accepted;
    long duplicates;
    long errors;
    /** Accepted during warm-up: not measured, but stored, so the store check counts them. */
    long warmupAccepted;

    void record(long latencyNanos, int status, Answer answer) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyNanos;
        statuses.merge(status, 1L, Long::sum);
        if (answer == Answer.ACCEPTED) {
            accepted++;
        } else if (answer == Answer.DUPLICATE) {
            duplicates++;
        }
    }

    void error() {
        errors++;
    }

    long requests() {
        return count;
    }

    static Tally merge(Iterable<Tally> tallies) {
        Tally all = new Tally();
        for (Tally tally : tallies) {
            all.latencies = Arrays.copyOf(all.latencies, Math.max(all.latencies.length, all.count + tally.count));
            System.arraycopy(tally.latencies, 0, all.latencies, all.count, tally.count);
            all.count += tally.count;
            tally.statuses.forEach((status, n) -> all.statuses.merge(status, n, Long::sum));
            all.accepted += tally.accepted;
            all.duplicates += tally.duplicates;
            all.errors += tally.errors;
            all.warmupAccepted += tally.warmupAccepted;
        }
        Arrays.sort(all.latencies, 0, all.count);
        return all;
    }

    /** The latency at quantile q (0..1) in milliseconds, of a merged, sorted tally. */
    double percentileMillis(double q) {
        if (count == 0) {
            return 0;
        }
        int index = (int) Math.min(count - 1, Math.ceil(q * count) - 1);
        return latencies[Math.max(0, index)] / 1e6;
    }

    /** The answer in a response body. */
    enum Answer {
        ACCEPTED, DUPLICATE, OTHER
    }
}
