package io.hookline.loadgen;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivery ids shaped like GitHub's {@code X-GitHub-Delivery} GUIDs: random in their leading
 * digits, so each new one lands at a random place in the idempotency index, as real deliveries do
 * (keys that share a prefix and count up would all append at a few places and hide what the index
 * costs once it holds millions). The last group is a marker shared by one run's ids, like the node
 * of a version 1 UUID, so the run's keys can be told apart afterwards.
 */
final class DeliveryIds {

    private final String marker;

    DeliveryIds(String marker) {
        if (!marker.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("a marker is 12 lowercase hex digits: " + marker);
        }
        this.marker = marker;
    }

    /** Ids with a marker of their own. */
    static DeliveryIds random() {
        return new DeliveryIds(String.format(Locale.ROOT, "%012x", ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL));
    }

    /** What every id of these ends with, the dash included. */
    String suffix() {
        return "-" + marker;
    }

    /** A new id: 74 random bits before the marker. */
    String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        int low = random.nextInt();
        return String.format(Locale.ROOT, "%08x-%04x-4%03x-%04x-%s", high >>> 32, (high >>> 16) & 0xffff, high & 0xfff,
                0x8000 | (low & 0x3fff), marker);
    }
}
