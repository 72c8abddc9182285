package io.hookline.sqlite;

import java.security.SecureRandom;

/**
 * Event ids such as {@code evt_01JD3Q4Z8T2M6V9K0XW5R7B1CE}: a ULID (48 bits of milliseconds, then
 * 80 random bits, in Crockford base 32), so ids sort by arrival and new rows append to the index.
 */
final class EventIds {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {}

    static String next(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] id = new char[4 + 26];
        "evt_".getChars(0, 4, id, 0);
        for (int i = 9; i >= 0; i--) {
            id[4 + i] = CROCKFORD[(int) (epochMillis & 31)];
            epochMillis >>>= 5;
        }
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xFF);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xFF);
        }
        for (int i = 7; i >= 0; i--) {
            id[14 + i] = CROCKFORD[(int) (high & 31)];
            high >>>= 5;
            id[22 + i] = CROCKFORD[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(id);
    }
}
