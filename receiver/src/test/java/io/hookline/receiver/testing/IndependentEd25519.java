package io.hookline.receiver.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Standard Webhooks {@code v1a} signing and verifying with BouncyCastle's Ed25519, an implementation
 * independent of the JDK's that Hookline uses: a sender for Hookline's sources, and a receiver for
 * its subscriptions' deliveries.
 */
public final class IndependentEd25519 {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sender's key pair. */
    public static final class KeyPair {
        private final Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(RANDOM);

        /** The public key as a receiver is given it: {@code whpk_} and base64 of its 32 bytes. */
        public String whpk() {
            return "whpk_" + Base64.getEncoder().encodeToString(privateKey.generatePublicKey().getEncoded());
        }

        /** The {@code v1a,<base64>} entry of {@code webhook-signature} for one message. */
        public String v1a(String id, long timestamp, byte[] body) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            byte[] signed = signed(id, timestamp, body);
            signer.update(signed, 0, signed.length);
            return "v1a," + Base64.getEncoder().encodeToString(signer.generateSignature());
        }
    }

    private IndependentEd25519() {}

    /** Whether any {@code v1a} entry of a {@code webhook-signature} header verifies under the {@code whpk_} key. */
    public static boolean verifies(String whpk, String id, String timestamp, byte[] body, String signatureHeader) {
        Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(
                Base64.getDecoder().decode(whpk.substring("whpk_".length())), 0);
        byte[] signed = signed(id, Long.parseLong(timestamp), body);
        for (String entry : signatureHeader.split(" ")) {
            if (entry.startsWith("v1a,")) {
                Ed25519Signer verifier = new Ed25519Signer();
                verifier.init(false, key);
                verifier.update(signed, 0, signed.length);
                if (verifier.verifySignature(Base64.getDecoder().decode(entry.substring("v1a,".length())))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] signed(String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return signed;
    }
}
