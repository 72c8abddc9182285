package io.hookline.store;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Event ids such as {@code evt_01JD3Q4Z8T2M6V9K0XW5R7B1CE}: a ULID (48 bits of milliseconds, then
 * 80 random bits, in Crockford base 32), so ids sort by arrival and new rows append to the index.
 */
public final class EventIds {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sorts after every event id: the upper bound of a range that has none. */
    static final String AFTER_EVERY_ID = "evt_~";
    /** Sorts before every event id. */
    static final String BEFORE_EVERY_ID = "evt_";

    private static final long LOW_MASK = (1L << 40) - 1;
    private static long lastMillis = -1;
    private static long lastHigh;
    private static long lastLow;

    private EventIds() {}

    /**
     * The smallest id an event received at {@code epochMillis} can have, so {@code id < firstAt(t)}
     * selects the events received before {@code t} through any index that holds the id.
     */
    public static String firstAt(long epochMillis) {
        char[] id = new char[4 + 26];
        "evt_".getChars(0, 4, id, 0);
        writeTime(id, epochMillis);
        Arrays.fill(id, 14, id.length, CROCKFORD[0]);
        return new String(id);
    }

    /**
     * A new id for an event received at {@code epochMillis}. Within one millisecond of this process
     * each id is the one before plus one, so the ids of one process sort in the order they were made
     * (ordered delivery per key relies on it), as a monotonic ULID does; a new millisecond starts
     * from random bits again.
     */
    static String next(long epochMillis) {
        long high;
        long low;
        synchronized (EventIds.class) {
            if (epochMillis == lastMillis && (lastLow != LOW_MASK || lastHigh != LOW_MASK)) {
                low = (lastLow + 1) & LOW_MASK;
                high = low == 0 ? lastHigh + 1 : lastHigh;
            } else {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                high = 0;
                for (int i = 0; i < 5; i++) {
                    high = (high << 8) | (random[i] & 0xFF);
                }
                low = 0;
                for (int i = 5; i < 10; i++) {
                    low = (low << 8) | (random[i] & 0xFF);
                }
            }
            lastMillis = epochMillis;
            lastHigh = high;
            lastLow = low;
        }
        char[] id = new char[4 + 26];
        "evt_".getChars(0, 4, id, 0);
        writeTime(id, epochMillis);
        for (int i = 7; i >= 0; i--) {
            id[14 + i] = CROCKFORD[(int) (high & 31)];
            high >>>= 5;
            id[22 + i] = CROCKFORD[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(id);
    }

    private static void writeTime(char[] id, long epochMillis) {
        for (int i = 9; i >= 0; i--) {
            id[4 + i] = CROCKFORD[(int) (epochMillis & 31)];
            epochMillis >>>= 5;
        }
    }
}
