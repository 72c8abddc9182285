package io.hookline.provider.common;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Standard Webhooks asymmetric keys, Ed25519 through the JDK's own provider: a public key is
 * written {@code whpk_} followed by the base64 of its raw 32 bytes (what a receiver is given); a
 * secret key {@code whsk_} followed by the base64 of the 32-byte seed and then the 32-byte public
 * key, as libsodium writes an Ed25519 secret key (what a sender keeps, sealed).
 */
public final class StandardWebhooksKeyPair {

    public static final String PUBLIC_PREFIX = "whpk_";
    public static final String SECRET_PREFIX = "whsk_";
    private static final int RAW = 32;
    /** The DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the raw key. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private StandardWebhooksKeyPair() {}

    /** Whether a configured secret is a public key rather than an HMAC secret. */
    public static boolean isPublicKey(String secret) {
        return secret.startsWith(PUBLIC_PREFIX);
    }

    /**
     * The public key a {@code whpk_} text stands for.
     *
     * @throws IllegalArgumentException when it is not {@code whpk_} and base64 of 32 bytes, or the
     *     bytes are not an Ed25519 public key
     */
    public static PublicKey publicKey(String whpk) {
        if (!isPublicKey(whpk)) {
            throw new IllegalArgumentException("not a whpk_ key");
        }
        byte[] raw = Base64.getDecoder().decode(whpk.substring(PUBLIC_PREFIX.length()));
        if (raw.length != RAW) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + RAW);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, RAW);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            // The point is decoded only when a signature is checked; decode it now, so a key that
            // is no point of the curve stops the start rather than failing every request.
            Signature.getInstance("Ed25519").initVerify(key);
            return key;
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** The {@code whpk_} text of a public key. */
    public static String whpk(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(
                Arrays.copyOfRange(encoded, encoded.length - RAW, encoded.length));
    }

    /** A new key pair from the JDK's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** The {@code whsk_} text of a key pair: seed, then public key. */
    public static String whsk(KeyPair pair) {
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("the private key's seed cannot be read"));
        byte[] publicKey = Base64.getDecoder().decode(whpk(pair.getPublic()).substring(PUBLIC_PREFIX.length()));
        byte[] both = Arrays.copyOf(seed, RAW * 2);
        System.arraycopy(publicKey, 0, both, RAW, RAW);
        Arrays.fill(seed, (byte) 0);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(both);
    }

    /**
     * The private key of a {@code whsk_} text.
     *
     * @throws IllegalArgumentException when it is not {@code whsk_} and base64 of 64 bytes
     */
    public static PrivateKey privateKey(String whsk) {
        byte[] both = secretBytes(whsk);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOf(both, RAW)));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 secret key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    /** The {@code whpk_} text of the public half of a {@code whsk_} text. */
    public static String whpkOf(String whsk) {
        byte[] both = secretBytes(whsk);
        try {
            return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(Arrays.copyOfRange(both, RAW, RAW * 2));
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    private static byte[] secretBytes(String whsk) {
        if (!whsk.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("not a whsk_ key");
        }
        byte[] both = Base64.getDecoder().decode(whsk.substring(SECRET_PREFIX.length()));
        if (both.length != RAW * 2) {
            throw new IllegalArgumentException("a whsk_ key is 64 bytes: the seed, then the public key");
        }
        return both;
    }
}
