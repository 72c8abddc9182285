package io.hookline.receiver.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An order key as it is stored: at most {@link OrderKey#MAX_LENGTH} characters, and two different
 * keys never one. A longer key is kept as its first {@value #PREFIX_LENGTH} characters, then
 * {@value #DIGEST_MARK} and the SHA-256 of the whole key (UTF-8) in base64url without padding, 43
 * characters: readable on the routes panel, and apart from every other key that begins alike. A key
 * that holds {@value #DIGEST_MARK} is stored so too, however short, so that no key sent as it is can
 * be taken for another's digest.
 */
final class BoundedKey {

    /** What separates a long key's first characters from its digest. */
    static final String DIGEST_MARK = "…sha256:";
    /** The characters of a SHA-256 in base64url without padding. */
    private static final int DIGEST_LENGTH = 43;
    /** The first characters of a long key that are kept, before its digest. */
    static final int PREFIX_LENGTH = OrderKey.MAX_LENGTH - DIGEST_MARK.length() - DIGEST_LENGTH;

    private BoundedKey() {}

    /** The key as stored; null for none. */
    static String of(String key) {
        if (key == null || key.length() <= OrderKey.MAX_LENGTH && !key.contains(DIGEST_MARK)) {
            return key;
        }
        int cut = Math.min(PREFIX_LENGTH, key.length());
        if (Character.isHighSurrogate(key.charAt(cut - 1))) {
            cut--; // never half a character: the prefix must stay text a column holds
        }
        return key.substring(0, cut) + DIGEST_MARK + digest(key);
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
