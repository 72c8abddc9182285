package io.hookline.store;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How bodies are stored: compressed with the JDK's Deflater (zlib format, level 3), or as they
 * came when that does not make them smaller. Measured on the real payloads of every provider
 * ({@code CompressionCompare} in samples/loadgen): level 6 stores 17.4% of the raw bytes, zstd level
 * 3 18% and zstd 9 17%, so the JDK's codec wins without a native library. Level 3 stores 19.5% and
 * takes about half the CPU of level 6 (18 against 33 us for the 7.3 KB GitHub push), which was a
 * sixth of all the CPU a stored webhook cost on one core (issue 32); levels 1 and 2 take as long
 * and store more. Bodies of any level read back alike. The zlib checksum makes a damaged body fail
 * loudly instead of coming back altered. Deflaters and Inflaters hold native memory, so a few are
 * kept and reused rather than made per body.
 */
final class BodyCodec {

    /** The body is stored exactly as received. */
    static final int RAW = 0;
    /** The body is stored zlib-compressed; {@code body_size} holds its length as received. */
    static final int DEFLATE = 1;

    private static final int LEVEL = 3;
    private static final ConcurrentLinkedQueue<Deflater> DEFLATERS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Inflater> INFLATERS = new ConcurrentLinkedQueue<>();

    /** A body as stored: its bytes, how they are encoded, and the length as received. */
    record Stored(byte[] bytes, int encoding, int size) {}

    private BodyCodec() {}

    static Stored encode(byte[] body) {
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(LEVEL);
        }
        try {
            deflater.setInput(body);
            deflater.finish();
            // Anything not smaller than the body is stored raw, so the buffer never needs to grow.
            byte[] buffer = new byte[body.length];
            int length = deflater.deflate(buffer);
            if (!deflater.finished() || length >= body.length) {
                return new Stored(body, RAW, body.length);
            }
            return new Stored(Arrays.copyOf(buffer, length), DEFLATE, body.length);
        } finally {
            deflater.reset();
            DEFLATERS.offer(deflater);
        }
    }

    /**
     * The body as received.
     *
     * @throws StorageException when a compressed body is damaged
     */
    static byte[] decode(byte[] stored, int encoding, int size) {
        if (stored == null || encoding == RAW) {
            return stored;
        }
        if (encoding != DEFLATE) {
            throw new StorageException("a body is stored in an encoding this Hookline does not know (" + encoding
                    + "); run the newer Hookline that wrote it");
        }
        Inflater inflater = INFLATERS.poll();
        if (inflater == null) {
            inflater = new Inflater();
        }
        try {
            inflater.setInput(stored);
            byte[] body = new byte[size];
            int length = inflater.inflate(body);
            if (length != size || !inflater.finished()) {
                throw new StorageException("a stored body is damaged: " + length + " of " + size + " bytes came back");
            }
            return body;
        } catch (DataFormatException e) {
            throw new StorageException("a stored body is damaged: " + e.getMessage(), e);
        } finally {
            inflater.reset();
            INFLATERS.offer(inflater);
        }
    }
}
