package io.hookline.provider.meetings;

import io.hookline.provider.common.JsonFields;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Otter.ai workspace webhooks. Otter documents no signing scheme, so a source authenticates by a
 * shared token the operator puts in the webhook URL ({@code ?token=…}, the default) or, with
 * setting {@code token-header}, in a header; it is compared in constant time with each configured
 * secret. This is weaker than a signature: the token proves the sender knows it, not that the
 * body is unchanged, and it is replayable by anyone who sees one request. Keyed on
 * {@code data.id:meta.webhook.event}, typed by {@code meta.webhook.event}.
 */
public final class OtterProvider implements Provider {

    static final String DEFAULT_QUERY = "token";
    private static final List<String> FIELDS = List.of("meta.webhook.event", "data.id");

    @Override
    public String id() {
        return "otter";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("token-header"));
        Optional<String> header = source.setting("token-header").map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty());
        List<byte[]> tokens = source.secrets().stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        return new OtterSource(tokens, header);
    }

    /** One Otter webhook: its shared tokens, and the header they come in, or the query when none. */
    private record OtterSource(List<byte[]> tokens, Optional<String> tokenHeader) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            Optional<String> token = tokenHeader.isPresent()
                    ? request.header(tokenHeader.get())
                    : request.queryParameter(DEFAULT_QUERY);
            String where = tokenHeader.map(name -> "header " + name).orElse("query parameter '" + DEFAULT_QUERY + "'");
            if (token.isEmpty() || token.get().isEmpty()) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "the shared token (" + where + ") is missing");
            }
            byte[] given = token.get().getBytes(StandardCharsets.UTF_8);
            boolean matched = false;
            for (byte[] expected : tokens) {
                matched |= MessageDigest.isEqual(expected, given);
            }
            return matched ? Verification.verified() : Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                    "the shared token (" + where + ") matches no configured secret");
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = JsonFields.read(request.body(), FIELDS);
            String event = fields.get("meta.webhook.event");
            String id = fields.get("data.id");
            if (event == null || id == null) {
                throw new InvalidPayloadException("an Otter webhook needs 'meta.webhook.event' and 'data.id'");
            }
            return new EventIdentity(id + ":" + event, event, null);
        }

        /** Identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return true;
        }

        @Override
        public Set<String> credentialHeaders() {
            return tokenHeader.map(Set::of).orElse(Set.of());
        }
    }
}
