package io.hookline.receiver.ingest;

import io.hookline.store.Receipt;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The 200 answer to a stored webhook: {@code {"status":"accepted","id":…}} for a new event, or
 * {@code {"status":"duplicate","id":…}} with the first event's id.
 */
@Serdeable
public record Acknowledgement(String status, String id) {

    static Acknowledgement of(Receipt receipt) {
        return new Acknowledgement(receipt.duplicate() ? "duplicate" : "accepted", receipt.eventId());
    }
}
