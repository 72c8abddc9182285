package io.hookline.receiver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real provider payloads under {@code src/test/resources/payloads}, byte-exact. */
public final class Payloads {

    private Payloads() {}

    public static byte[] bytes(String path) {
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
