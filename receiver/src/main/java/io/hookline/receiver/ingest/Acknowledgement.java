package io.hookline.receiver.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hookline.store.Receipt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The 200 answer to a stored webhook: {@code {"status":"accepted","id":…}} for a new event, or
 * {@code {"status":"duplicate","id":…}} with the first event's id. Written as bytes here rather
 * than through the JSON mapper: it is the one answer every webhook gets, and its two fields are
 * fixed (issue 32).
 */
public record Acknowledgement(String status, String id) {

    private static final byte[] START = "{\"status\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

    static Acknowledgement of(Receipt receipt) {
        return new Acknowledgement(receipt.duplicate() ? "duplicate" : "accepted", receipt.eventId());
    }

    /** The answer's body, as the JSON mapper would have written it. */
    byte[] json() {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(START);
        out.writeBytes(encoder.quoteAsUTF8(status));
        out.writeBytes(ID);
        out.writeBytes(encoder.quoteAsUTF8(id));
        out.writeBytes(END);
        return out.toByteArray();
    }
}
