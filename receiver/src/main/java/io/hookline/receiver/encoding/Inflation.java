package io.hookline.receiver.encoding;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.spi.InvalidPayloadException;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A whole compressed body inflated, up to a limit, and checked to be what its coding says and nothing
 * more: gzip (RFC 1952), one or more complete members; deflate as HTTP means it, one zlib stream (RFC
 * 1950). {@link java.util.zip.GZIPInputStream} and {@link java.util.zip.InflaterInputStream} stop
 * reading where the compressed data ends and ignore what follows, so bytes after it (a body glued to
 * another, a proxy's padding) would pass unseen; here they are refused, naming how many there are.
 * Concatenated gzip members are valid gzip (RFC 1952 §2.2) and are read as one body, as gunzip reads them.
 */
final class Inflation {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int DEFLATE_METHOD = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int HEADER = 10;
    private static final int TRAILER = 8;

    private final String coding;
    private final byte[] body;
    private final long limit;
    private final ByteArrayOutputStream out;
    private final byte[] buffer = new byte[8192];

    private Inflation(String coding, byte[] body, long limit) {
        this.coding = coding;
        this.body = body;
        this.limit = limit;
        this.out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(64L, body.length * 4L)));
    }

    /**
     * A gzip body's members inflated into one.
     *
     * @param coding the coding's name as the request gave it ({@code gzip}, {@code x-gzip}), for messages
     * @throws WebhookException 413 {@code payload_too_large} when it inflates beyond {@code limit}
     * @throws InvalidPayloadException when it is not one or more complete gzip members and nothing else
     */
    static byte[] gzip(String coding, byte[] body, long limit) {
        Inflation inflation = new Inflation(coding, body, limit);
        int at = 0;
        int member = 1;
        do {
            at = inflation.gzipMember(at, member++);
        } while (at < body.length && startsMember(body, at));
        inflation.nothingAfter(at, "gzip");
        return inflation.out.toByteArray();
    }

    /**
     * A deflate body (a zlib stream) inflated.
     *
     * @throws WebhookException 413 {@code payload_too_large} when it inflates beyond {@code limit}
     * @throws InvalidPayloadException when it is not one complete zlib stream and nothing else
     */
    static byte[] deflate(byte[] body, long limit) {
        Inflation inflation = new Inflation("deflate", body, limit);
        if (body.length < 2 || (body[0] & 0x0f) != DEFLATE_METHOD || ((body[0] & 0xff) << 8 | body[1] & 0xff) % 31 != 0) {
            throw inflation.invalid("it does not start with a zlib header (RFC 1950), as a deflate body must;"
                    + " a raw deflate stream without one is not taken");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            inflation.inflate(inflater, null, "");
            inflation.nothingAfter(body.length - inflater.getRemaining(), "deflate");
        } finally {
            inflater.end();
        }
        return inflation.out.toByteArray();
    }

    private static boolean startsMember(byte[] body, int at) {
        return body.length - at >= 2 && (body[at] & 0xff) == GZIP_MAGIC_1 && (body[at + 1] & 0xff) == GZIP_MAGIC_2;
    }

    /** Inflates the member that starts at {@code at}; answers where the next one would start. */
    private int gzipMember(int at, int member) {
        String which = member == 1 ? "" : " (member " + member + ")";
        if (body.length == 0) {
            throw invalid("it is empty");
        }
        if (!startsMember(body, at)) {
            throw invalid("it does not start with the gzip magic bytes 1f 8b");
        }
        if (body.length - at < HEADER) {
            throw invalid("it ends inside the gzip header" + which);
        }
        if (body[at + 2] != DEFLATE_METHOD) {
            throw invalid("its compression method" + which + " is " + (body[at + 2] & 0xff) + ", not deflate (8)");
        }
        int flags = body[at + 3] & 0xff;
        int data = at + HEADER;
        if ((flags & FEXTRA) != 0) {
            data = data + 2 > body.length ? body.length + 1 : data + 2 + ((body[data] & 0xff) | (body[data + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            data = afterZero(data);
        }
        if ((flags & FCOMMENT) != 0) {
            data = afterZero(data);
        }
        if ((flags & FHCRC) != 0) {
            data += 2;
            if (data <= body.length) {
                CRC32 crc = new CRC32();
                crc.update(body, at, data - 2 - at);
                if (((body[data - 2] & 0xff) | (body[data - 1] & 0xff) << 8) != (int) (crc.getValue() & 0xffff)) {
                    throw invalid("its header checksum" + which + " does not match the header");
                }
            }
        }
        if (data > body.length) {
            throw invalid("it ends inside the gzip header" + which);
        }
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        long size;
        int trailer;
        try {
            inflater.setInput(body, data, body.length - data);
            size = inflate(inflater, crc, which);
            trailer = body.length - inflater.getRemaining();
        } finally {
            inflater.end();
        }
        if (body.length - trailer < TRAILER) {
            throw invalid("it ends before its gzip trailer" + which + " (the data's CRC-32 and length) does");
        }
        if (littleEndian(trailer) != (int) crc.getValue()) {
            throw invalid("the CRC-32 in its trailer" + which + " does not match the data");
        }
        if (littleEndian(trailer + 4) != (int) size) {
            throw invalid("the length in its trailer" + which + " does not match the data");
        }
        return trailer + TRAILER;
    }

    /** Inflates until the compressed data ends; answers how many bytes it gave. */
    private long inflate(Inflater inflater, CRC32 crc, String which) {
        long size = 0;
        try {
            while (!inflater.finished()) {
                int read = inflater.inflate(buffer);
                if (read == 0 && inflater.needsDictionary()) {
                    throw invalid("it needs a preset dictionary, which a body cannot name");
                }
                if (read == 0 && inflater.needsInput()) {
                    throw invalid("it ends before its compressed data" + which + " does");
                }
                if (out.size() + (long) read > limit) {
                    throw new WebhookException(ErrorClass.PAYLOAD_TOO_LARGE, "the " + coding
                            + " body inflates to more than the limit of " + limit + " bytes (hookline.max-body-size)");
                }
                out.write(buffer, 0, read);
                if (crc != null) {
                    crc.update(buffer, 0, read);
                }
                size += read;
            }
        } catch (DataFormatException e) {
            throw invalid("its compressed data" + which + " is corrupt near byte " + (body.length
                    - inflater.getRemaining()) + " (zlib: " + e.getMessage() + ")");
        }
        return size;
    }

    private void nothingAfter(int end, String data) {
        int after = body.length - end;
        if (after > 0) {
            throw invalid("it has " + after + (after == 1 ? " byte" : " bytes") + " after the " + data + " data");
        }
    }

    /** Where a zero-terminated header field that starts at {@code at} ends; past the body when it does not. */
    private int afterZero(int at) {
        for (int i = at; i < body.length; i++) {
            if (body[i] == 0) {
                return i + 1;
            }
        }
        return body.length + 1;
    }

    private int littleEndian(int at) {
        return (body[at] & 0xff) | (body[at + 1] & 0xff) << 8 | (body[at + 2] & 0xff) << 16 | (body[at + 3] & 0xff) << 24;
    }

    private InvalidPayloadException invalid(String why) {
        return new InvalidPayloadException("the body is not valid " + coding + ": " + why);
    }
}
