package io.hookline.provider.github;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub webhooks: {@code X-Hub-Signature-256} over the raw body, deduplicated on
 * {@code X-GitHub-Delivery} (the same on redelivery), typed as {@code X-GitHub-Event} plus the
 * body's {@code action} when there is one ({@code pull_request.opened}, {@code push}, {@code ping}).
 * GitHub's {@code ping}, sent when a webhook is created, is its test event.
 * Catches up by asking GitHub to redeliver what no attempt delivered ({@link GitHubCatchUp}).
 */
public final class GitHubProvider implements Provider {

    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";

    @Override
    public String id() {
        return "github";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of());
        return new GitHubSource(source.secrets());
    }

    /** One GitHub source: its webhook secrets. */
    private record GitHubSource(List<String> secrets) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            return GitHubSignature.verify(request, secrets);
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            String delivery = request.header(DELIVERY)
                    .filter(value -> !value.isBlank())
                    .orElseThrow(() -> new InvalidPayloadException("header " + DELIVERY + " is missing"));
            String event = request.header(EVENT)
                    .filter(value -> !value.isBlank())
                    .orElseThrow(() -> new InvalidPayloadException("header " + EVENT + " is missing"));
            String action = GitHubPayload.action(request);
            return new EventIdentity(delivery, action == null ? event : event + "." + action, null);
        }

        /** Identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return true;
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of("x-hub-signature-256", "x-hub-signature");
        }

        /** GitHub sends {@code ping} when a webhook is created or tested from its settings page. */
        @Override
        public boolean isTestEvent(StoredEvent event) {
            return "ping".equals(event.type());
        }

        /** Only the SHA-1 {@code X-Hub-Signature}, which old clients send alone; the SHA-256 one is verified. */
        @Override
        public Optional<String> unsupportedScheme(InboundRequest request) {
            if (request.header(GitHubSignature.HEADER_SHA1).isPresent()
                    && request.header(GitHubSignature.HEADER_SHA256).isEmpty()) {
                return Optional.of("only the SHA-1 X-Hub-Signature was sent; Hookline accepts X-Hub-Signature-256"
                        + " (GitHub sends both unless the sender is an old client)");
            }
            return Optional.empty();
        }

        @Override
        public Optional<CatchUp> catchUp(CatchUpSettings settings) {
            return Optional.of(GitHubCatchUp.of(settings));
        }
    }
}
