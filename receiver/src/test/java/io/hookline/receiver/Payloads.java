package io.hookline.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real provider payloads under {@code src/test/resources/payloads}, byte-exact. */
final class Payloads {

    private Payloads() {}

    static byte[] bytes(String path) {
        try (InputStream in = Payloads.class.getResourceAsStream("/payloads/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
