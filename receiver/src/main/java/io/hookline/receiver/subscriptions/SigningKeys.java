package io.hookline.receiver.subscriptions;

import io.hookline.provider.common.StandardWebhooksKeyPair;
import io.hookline.provider.common.StandardWebhooksSigner;
import io.hookline.store.Subscription;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The keys a subscription signs its deliveries with, made for its scheme: an HMAC secret
 * ({@code whsec_}, signs {@code v1}), an Ed25519 key pair made by the JDK (its private key kept as
 * {@code whsk_}, signs {@code v1a}; its {@code whpk_} public key is what a receiver verifies with),
 * or both. All the signing keys of a subscription are sealed together, as one text with a space
 * between keys, so a rotation keeps the previous ones signing as it always has.
 */
final class SigningKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Keys made for a subscription.
     *
     * @param sealedText what is sealed: the signing keys, the HMAC secret first
     * @param secretShown the {@code whsec_} secret, shown in this answer only, or null without HMAC
     * @param signing the scheme and the public key, stored in clear and shown in every answer
     */
    record Made(String sealedText, String secretShown, Subscription.Signing signing) {
        @Override
        public String toString() {
            return "SigningKeys.Made[" + signing.scheme().wireName() + "]";
        }
    }

    private SigningKeys() {}

    /** New keys for the scheme; {@code secret} is the HMAC secret the caller chose, or null to make one. */
    static Made make(Subscription.Scheme scheme, String secret) {
        String hmac = scheme == Subscription.Scheme.ED25519 ? null : secret == null ? newSecret() : secret;
        if (scheme == Subscription.Scheme.HMAC) {
            return new Made(hmac, hmac, Subscription.Signing.HMAC);
        }
        KeyPair pair = StandardWebhooksKeyPair.generate();
        String whsk = StandardWebhooksKeyPair.whsk(pair);
        Subscription.Signing signing = new Subscription.Signing(scheme, StandardWebhooksKeyPair.whpk(pair.getPublic()));
        return new Made(hmac == null ? whsk : hmac + " " + whsk, hmac, signing);
    }

    /** The signers of opened sealed texts, in order: each text's keys, the current text first. */
    static List<StandardWebhooksSigner> signers(List<String> openedTexts) {
        List<StandardWebhooksSigner> signers = new ArrayList<>();
        for (String text : openedTexts) {
            for (String key : text.split(" ")) {
                signers.add(StandardWebhooksSigner.of(key));
            }
        }
        return signers;
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
