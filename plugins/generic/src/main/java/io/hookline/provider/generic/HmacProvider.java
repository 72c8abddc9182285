package io.hookline.provider.generic;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.Verification;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Any sender that signs with an HMAC but has no plugin of its own; the scheme comes from the
 * source's settings ({@link HmacScheme}). Secrets are used as their UTF-8 bytes.
 */
public final class HmacProvider implements Provider {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    private final Map<String, HmacScheme> schemes = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "hmac";
    }

    @Override
    public Verification verify(InboundRequest request, SourceSettings source, Instant now) {
        HmacScheme scheme = scheme(source);
        String header = request.header(scheme.signatureHeader()).orElse(null);
        if (header == null) {
            return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                    "header " + scheme.signatureHeader() + " is missing");
        }
        if (!header.startsWith(scheme.signaturePrefix())) {
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    scheme.signatureHeader() + " must start with '" + scheme.signaturePrefix() + "'");
        }
        String timestamp = null;
        if (scheme.timestampHeader().isPresent()) {
            timestamp = request.header(scheme.timestampHeader().get()).orElse(null);
            if (timestamp == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        "header " + scheme.timestampHeader().get() + " is missing");
            }
            if (!SECONDS.matcher(timestamp).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        scheme.timestampHeader().get() + " must be Unix seconds");
            }
        }
        String id = scheme.idHeader().flatMap(request::header).orElse(null);
        if (scheme.signedContent().contains("{id}") && id == null) {
            return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "header " + scheme.idHeader().get() + " is missing");
        }
        String given = header.substring(scheme.signaturePrefix().length()).trim();
        String signedPrefix = scheme.signedPrefix(timestamp, id);
        boolean matched = false;
        for (String secret : source.secrets()) {
            byte[] expected = Hmac.compute(scheme.algorithm(),
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), signedPrefix, request.body());
            matched |= scheme.encoding().matches(expected, given);
        }
        if (!matched) {
            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                    scheme.signatureHeader() + " does not match with any configured secret");
        }
        ReplayWindow window = new ReplayWindow(scheme.tolerance());
        if (timestamp != null && !window.admits(Long.parseLong(timestamp), now)) {
            return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                    window.describeRejection(scheme.timestampHeader().get(), Long.parseLong(timestamp), now));
        }
        return Verification.verified();
    }

    @Override
    public EventIdentity identify(InboundRequest request, SourceSettings source) {
        HmacScheme scheme = scheme(source);
        List<String> paths = new ArrayList<>();
        scheme.idField().ifPresent(paths::add);
        scheme.typeField().ifPresent(paths::add);
        Map<String, String> fields = paths.isEmpty() ? Map.of() : JsonFields.read(request.body(), paths);

        String key = scheme.idHeader().flatMap(request::header)
                .or(() -> scheme.idField().map(fields::get))
                .orElse(null);
        if (key == null && (scheme.idHeader().isPresent() || scheme.idField().isPresent())) {
            throw new InvalidPayloadException("the event id ("
                    + scheme.idHeader().map(h -> "header " + h).orElseGet(() -> "field " + scheme.idField().get())
                    + ") is missing");
        }
        if (key == null) {
            key = "sha256:" + SignatureText.HEX.encode(sha256(request.body()));
        }
        String type = scheme.typeHeader().flatMap(request::header)
                .or(() -> scheme.typeField().map(fields::get))
                .orElse("webhook");
        return new EventIdentity(key, type, null);
    }

    @Override
    public void validate(SourceSettings source) {
        schemes.put(source.name(), HmacScheme.of(source));
    }

    @Override
    public Set<String> credentialHeaders(SourceSettings source) {
        return Set.of(scheme(source).signatureHeader());
    }

    private HmacScheme scheme(SourceSettings source) {
        return schemes.computeIfAbsent(source.name(), name -> HmacScheme.of(source));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
