package io.hookline.receiver.reconcile;

import java.util.ArrayList;
import java.util.List;

/** What one run has counted so far; kept when a run stops half way, so its record says what it did. */
final class Tally {

    private static final int FAILURES_KEPT = 3;

    private int checked;
    private int missing;
    private int recovered;
    private int failed;
    private final List<String> failures = new ArrayList<>();

    void countChecked(int count) {
        checked += count;
    }

    void countMissing() {
        missing++;
    }

    /** A missing one that turned out to be stored after all: it arrived while the run looked. */
    void notMissingAfterAll() {
        missing--;
    }

    void countRecovered() {
        recovered++;
    }

    void countFailed(String why) {
        failed++;
        if (failures.size() < FAILURES_KEPT) {
            failures.add(why);
        }
    }

    int checked() {
        return checked;
    }

    int missing() {
        return missing;
    }

    int recovered() {
        return recovered;
    }

    int failed() {
        return failed;
    }

    /** The first few failures in words, with how many more; null when none failed. */
    String failures() {
        if (failed == 0) {
            return null;
        }
        String first = String.join("; ", failures);
        return failed > failures.size() ? first + "; and " + (failed - failures.size()) + " more" : first;
    }
}
