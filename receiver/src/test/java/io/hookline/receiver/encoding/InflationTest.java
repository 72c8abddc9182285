package io.hookline.receiver.encoding;

import static io.hookline.receiver.encoding.CompressedBodies.concat;
import static io.hookline.receiver.encoding.CompressedBodies.deflate;
import static io.hookline.receiver.encoding.CompressedBodies.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.error.WebhookException;
import io.hookline.spi.InvalidPayloadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** What gzip and deflate bodies read as, and what each way of not being one says (RFC 1952, RFC 1950). */
class InflationTest {

    private static final byte[] JSON = "{\"zen\":\"Responsive is better than fast.\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aMemberWithEveryOptionalHeaderFieldIsRead() {
        byte[] plain = gzip(JSON);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
        header.writeBytes("zen.json\0".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        header.write((int) crc.getValue() & 0xff);
        header.write((int) (crc.getValue() >> 8) & 0xff);
        byte[] member = concat(header.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length));

        assertArrayEquals(JSON, Inflation.gzip("gzip", member, 1 << 20));

        member[header.size() - 1] ^= 1;
        assertEquals("the body is not valid gzip: its header checksum does not match the header",
                refused(member));
    }

    @Test
    void membersOneAfterAnotherAreOneBodyAndBytesAfterThemAreNot() {
        byte[] two = concat(gzip("{\"a\":".getBytes(StandardCharsets.UTF_8)), gzip("1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"a\":1}", new String(Inflation.gzip("gzip", two, 1 << 20), StandardCharsets.UTF_8));
        assertEquals("the body is not valid gzip: it has 2 bytes after the gzip data",
                refused(concat(two, new byte[] {0, 0})));
        assertEquals("the body is not valid gzip: it has 1 byte after the gzip data", refused(concat(two, new byte[] {0x1f})));
        byte[] cutSecond = Arrays.copyOf(two, two.length - 10);
        assertEquals("the body is not valid gzip: it ends before its compressed data (member 2) does", refused(cutSecond));
    }

    @Test
    void eachWayOfNotBeingGzipIsSaidPlainly() {
        byte[] whole = gzip(JSON);
        assertEquals("the body is not valid gzip: it is empty", refused(new byte[0]));
        assertEquals("the body is not valid gzip: it ends inside the gzip header", refused(Arrays.copyOf(whole, 6)));
        byte[] method = whole.clone();
        method[2] = 7;
        assertEquals("the body is not valid gzip: its compression method is 7, not deflate (8)", refused(method));
        byte[] crc = whole.clone();
        crc[whole.length - 8] ^= 1;
        assertEquals("the body is not valid gzip: the CRC-32 in its trailer does not match the data", refused(crc));
        byte[] size = whole.clone();
        size[whole.length - 4] ^= 1;
        assertEquals("the body is not valid gzip: the length in its trailer does not match the data", refused(size));
        byte[] corrupt = whole.clone();
        corrupt[10] = (byte) 0xff;
        assertTrue(refused(corrupt).startsWith("the body is not valid gzip: its compressed data is corrupt near byte "),
                refused(corrupt));
    }

    @Test
    void theLimitCountsEveryMember() {
        byte[] two = concat(gzip(new byte[600]), gzip(new byte[600]));
        assertEquals(1200, Inflation.gzip("gzip", two, 1200).length);
        WebhookException tooLarge = assertThrows(WebhookException.class, () -> Inflation.gzip("x-gzip", two, 1000));
        assertEquals("the x-gzip body inflates to more than the limit of 1000 bytes (hookline.max-body-size)",
                tooLarge.detail());
    }

    @Test
    void aDeflateBodyIsOneZlibStreamAndNothingElse() {
        byte[] zlib = deflate(JSON);
        assertArrayEquals(JSON, Inflation.deflate(zlib, 1 << 20));
        assertEquals("the body is not valid deflate: it has 3 bytes after the deflate data",
                refusedDeflate(concat(zlib, new byte[] {1, 2, 3})));
        assertEquals("the body is not valid deflate: it ends before its compressed data does",
                refusedDeflate(Arrays.copyOf(zlib, zlib.length - 6)));
        assertEquals("the body is not valid deflate: it does not start with a zlib header (RFC 1950), as a deflate body"
                + " must; a raw deflate stream without one is not taken", refusedDeflate(JSON));
    }

    private static String refused(byte[] body) {
        return assertThrows(InvalidPayloadException.class, () -> Inflation.gzip("gzip", body, 1 << 20)).getMessage();
    }

    private static String refusedDeflate(byte[] body) {
        return assertThrows(InvalidPayloadException.class, () -> Inflation.deflate(body, 1 << 20)).getMessage();
    }
}
