package io.hookline.receiver.subscriptions;

import io.hookline.receiver.config.HooklineConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals subscription secrets at rest with AES-256-GCM under {@code HOOKLINE_SECRET_KEY}: a random
 * 12-byte nonce, then the ciphertext with its 16-byte tag, bound to the subscription's id (as
 * associated data) so a sealed secret copied onto another row does not open. The JDK's own
 * cipher: nothing to add to the jar.
 */
@Singleton
public class SecretBox {

    /** The environment variable, as operators set it; Micronaut reads it as {@code hookline.secret-key}. */
    public static final String VARIABLE = "HOOKLINE_SECRET_KEY";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(HooklineConfig config) {
        this.key = config.getSecretKey() == null ? null : key(config.getSecretKey());
    }

    /** Whether a key is set: without one, subscriptions cannot be created or delivered. */
    public boolean ready() {
        return key != null;
    }

    /** The secret, sealed for the subscription with this id. */
    public byte[] seal(String secret, String subscriptionId) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, subscriptionId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret in clear; empty when the key is not the one that sealed it. */
    public Optional<String> open(byte[] sealed, String subscriptionId) {
        if (sealed == null || sealed.length <= NONCE) {
            return Optional.empty();
        }
        try {
            byte[] nonce = Arrays.copyOf(sealed, NONCE);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, subscriptionId);
            return Optional.of(new String(cipher.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException wrongKey) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String subscriptionId) throws GeneralSecurityException {
        if (key == null) {
            throw new IllegalStateException(VARIABLE + " is not set");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(VARIABLE + " (hookline.secret-key) must be base64 of 32 random bytes;"
                    + " make one with: openssl rand -base64 32");
        }
        if (bytes.length != 32) {
            throw new ConfigurationException(VARIABLE + " (hookline.secret-key) must be 32 bytes, base64-encoded; it is "
                    + bytes.length + " bytes. Make one with: openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
