package io.hookline.testkit;

import io.hookline.spi.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Stored events as the receiver hands them to handlers, made from bytes or a payload file. */
public final class TestEvents {

    private TestEvents() {}

    /** An event of this type from source {@code test}, with a JSON content type and a fresh key. */
    public static StoredEvent of(String type, byte[] body) {
        return new StoredEvent("evt_01TESTKIT0000000000000000", "test", "test", type, UUID.randomUUID().toString(),
                Instant.now(), null, Map.of("content-type", "application/json"), body);
    }

    /** As {@link #of}, with the body read from a payload file, byte for byte. */
    public static StoredEvent fromFile(String type, Path payload) {
        try {
            return of(type, Files.readAllBytes(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + payload, e);
        }
    }
}
