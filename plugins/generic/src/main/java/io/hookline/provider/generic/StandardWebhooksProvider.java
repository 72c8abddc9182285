package io.hookline.provider.generic;

import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.provider.common.StandardWebhooksKey;
import io.hookline.provider.common.StandardWebhooksKeyPair;
import io.hookline.provider.common.StandardWebhooksSignature;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Standard Webhooks (Svix and others). Headers {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}, or the Svix-branded {@code svix-*} ones. The signature header is a
 * space-separated list of entries over {@code {id}.{timestamp}.{raw body}}: {@code v1,<base64>}, the
 * HMAC-SHA256 keyed by the base64-decoded secret after {@code whsec_}, and {@code v1a,<base64>}, an
 * Ed25519 signature checked with a configured public key ({@code whpk_} followed by base64 of its 32
 * bytes). A source verifies the schemes it has keys for: {@code v1} with its secrets, {@code v1a}
 * with its public keys; any entry that matches any key passes, which is how rotation works. Unknown
 * versions are skipped, as the official libraries skip them (they skip {@code v1a} too: they verify
 * no asymmetric signature). The timestamp must be within {@code tolerance} (default 300 s) either
 * way. Keyed on the message id; typed by the body's {@code type}.
 */
public final class StandardWebhooksProvider implements Provider {

    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    /**
     * The most {@code v1a} entries one request to a source with public keys may carry: each costs
     * an Ed25519 verification per public key, far more than an HMAC, and a sender signs with one
     * key, or two during a rotation.
     */
    static final int MOST_V1A_ENTRIES = 8;
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");
    private static final List<String> FIELDS = List.of("type", "timestamp");

    @Override
    public String id() {
        return "standard-webhooks";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("tolerance"));
        List<byte[]> secrets = new ArrayList<>();
        List<PublicKey> publicKeys = new ArrayList<>();
        for (int i = 0; i < source.secrets().size(); i++) {
            String secret = source.secrets().get(i);
            String key = "hookline.sources." + source.name() + ".secrets[" + i + "]";
            if (secret.startsWith(StandardWebhooksKeyPair.SECRET_PREFIX)) {
                throw new IllegalArgumentException(key + ": a 'whsk_' key is the sender's private key; give the"
                        + " receiver its public 'whpk_' key");
            }
            try {
                if (StandardWebhooksKeyPair.isPublicKey(secret)) {
                    publicKeys.add(StandardWebhooksKeyPair.publicKey(secret));
                } else {
                    secrets.add(StandardWebhooksKey.decode(secret));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + (StandardWebhooksKeyPair.isPublicKey(secret)
                        ? ": a Standard Webhooks public key is 'whpk_' followed by base64 of a 32-byte Ed25519 key"
                        : ": a Standard Webhooks secret is 'whsec_' followed by base64"));
            }
        }
        return new StandardWebhooksSource(source.name(), List.copyOf(secrets), List.copyOf(publicKeys),
                ReplayWindow.of(source, DEFAULT_TOLERANCE));
    }

    /** One Standard Webhooks endpoint: its decoded secrets and public keys, and its replay window. */
    private record StandardWebhooksSource(String name, List<byte[]> secrets, List<PublicKey> publicKeys,
            ReplayWindow window) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            Headers headers = Headers.of(request);
            if (headers.missing() != null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "header " + headers.missing() + " is missing");
            }
            if (!SECONDS.matcher(headers.timestamp()).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        headers.prefix() + "timestamp must be Unix seconds");
            }
            long timestamp = Long.parseLong(headers.timestamp());
            Entries entries = Entries.of(headers.signature());
            Verification unverifiable = unverifiable(headers, entries);
            if (unverifiable != null) {
                return unverifiable;
            }
            if (!matches(headers, timestamp, request.body(), entries)) {
                return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE, headers.prefix() + "signature has no "
                        + schemesAndKeys());
            }
            if (!window.admits(timestamp, now)) {
                return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                        window.describeRejection(headers.prefix() + "timestamp", timestamp, now));
            }
            return Verification.verified();
        }

        /** Why no entry can be checked with this source's keys, or null when some can. */
        private Verification unverifiable(Headers headers, Entries entries) {
            if (!publicKeys.isEmpty() && entries.v1aSent() > MOST_V1A_ENTRIES) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE, headers.prefix() + "signature has "
                        + entries.v1aSent() + " v1a entries; at most " + MOST_V1A_ENTRIES + " are accepted");
            }
            if ((!secrets.isEmpty() && !entries.v1().isEmpty()) || (!publicKeys.isEmpty() && !entries.v1a().isEmpty())) {
                return null;
            }
            if (entries.v1aSent() > 0 && entries.v1().isEmpty() && publicKeys.isEmpty()) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "only v1a (Ed25519) signatures were sent"
                        + " and source " + name + " has no whpk_ public key; it verifies v1 (HMAC) signatures");
            }
            if (!entries.v1().isEmpty() && entries.v1aSent() == 0 && secrets.isEmpty()) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "only v1 (HMAC) signatures were sent"
                        + " and source " + name + " has no whsec_ secret; it verifies v1a (Ed25519) signatures");
            }
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    headers.prefix() + "signature has no " + shapes() + " entry");
        }

        /**
         * Whether any entry matches any key. Every secret is compared with every {@code v1} entry,
         * as before there were public keys; Ed25519 verification stops at the first success.
         */
        private boolean matches(Headers headers, long timestamp, byte[] body, Entries entries) {
            boolean matched = false;
            for (byte[] secret : secrets) {
                byte[] expected = StandardWebhooksSignature.mac(secret, headers.id(), timestamp, body);
                for (String signature : entries.v1()) {
                    matched |= SignatureText.BASE64.matches(expected, signature);
                }
            }
            if (matched) {
                return true;
            }
            for (PublicKey publicKey : publicKeys) {
                for (byte[] signature : entries.v1a()) {
                    if (StandardWebhooksSignature.verifiesV1a(publicKey, headers.id(), timestamp, body, signature)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The entries this source verifies, as the header writes them. */
        private String shapes() {
            return secrets.isEmpty() ? "'v1a,<base64>'" : publicKeys.isEmpty() ? "'v1,<base64>'"
                    : "'v1,<base64>' or 'v1a,<base64>'";
        }

        /** The schemes this source verifies, and with what. */
        private String schemesAndKeys() {
            return secrets.isEmpty() ? "v1a entry that matches with any configured public key"
                    : publicKeys.isEmpty() ? "v1 entry that matches with any configured secret"
                    : "v1 or v1a entry that matches with any configured secret or public key";
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Headers headers = Headers.of(request);
            Map<String, String> fields = JsonFields.read(request.body(), FIELDS);
            Instant occurredAt = parseInstant(fields.get("timestamp"));
            if (occurredAt == null && headers.timestamp() != null && SECONDS.matcher(headers.timestamp()).matches()) {
                occurredAt = Instant.ofEpochSecond(Long.parseLong(headers.timestamp()));
            }
            return new EventIdentity(headers.id(), fields.getOrDefault("type", "message"), occurredAt);
        }

        /** Identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return true;
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of("webhook-signature", "svix-signature");
        }

        /**
         * Only signatures of the scheme this source has no key for: {@code v1a} (Ed25519) entries and
         * no {@code v1} one at a source without a {@code whpk_} public key, or the reverse.
         */
        @Override
        public Optional<String> unsupportedScheme(InboundRequest request) {
            String signature = Headers.of(request).signature();
            if (signature == null) {
                return Optional.empty();
            }
            Entries entries = Entries.of(signature);
            if (entries.v1aSent() > 0 && entries.v1().isEmpty() && publicKeys.isEmpty()) {
                return Optional.of("only v1a (Ed25519) signatures were sent and source " + name + " has no whpk_"
                        + " public key; add the sender's whpk_ public key to its secrets, or have it sign v1 with a"
                        + " whsec_ secret");
            }
            if (!entries.v1().isEmpty() && entries.v1aSent() == 0 && secrets.isEmpty()) {
                return Optional.of("only v1 (HMAC) signatures were sent and source " + name + " has only whpk_"
                        + " public keys; add the sender's whsec_ secret to its secrets, or have it sign v1a");
            }
            return Optional.empty();
        }
    }

    /**
     * The entries of a signature header that can be checked, as the official libraries pick
     * {@code v1}: the {@code v1} signatures as written (compared as text), the {@code v1a} ones
     * decoded (one that is not base64 of 64 bytes can match no key and is dropped), and how many
     * {@code v1a} entries were sent at all.
     */
    private record Entries(List<String> v1, List<byte[]> v1a, int v1aSent) {

        static Entries of(String header) {
            List<String> v1 = new ArrayList<>();
            List<byte[]> v1a = new ArrayList<>();
            int v1aSent = 0;
            for (String entry : header.split(" ")) {
                String[] parts = entry.split(",");
                if (parts.length >= 2 && parts[0].equals("v1")) {
                    v1.add(parts[1]);
                } else if (parts.length >= 2 && parts[0].equals("v1a")) {
                    v1aSent++;
                    byte[] signature = base64(parts[1]);
                    if (signature != null && signature.length == StandardWebhooksSignature.ED25519_LENGTH) {
                        v1a.add(signature);
                    }
                }
            }
            return new Entries(v1, v1a, v1aSent);
        }

        private static byte[] base64(String text) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The three headers, unbranded ({@code webhook-*}) when the id is, else Svix's ({@code svix-*}). */
    private record Headers(String prefix, String id, String timestamp, String signature) {

        static Headers of(InboundRequest request) {
            String prefix = request.header("webhook-id").isPresent() || request.header("svix-id").isEmpty()
                    ? "webhook-" : "svix-";
            return new Headers(prefix, request.header(prefix + "id").orElse(null),
                    request.header(prefix + "timestamp").orElse(null), request.header(prefix + "signature").orElse(null));
        }

        String missing() {
            return id == null ? prefix + "id" : timestamp == null ? prefix + "timestamp"
                    : signature == null ? prefix + "signature" : null;
        }
    }
}
