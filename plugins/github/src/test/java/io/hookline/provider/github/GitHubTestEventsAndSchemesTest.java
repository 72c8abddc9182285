package io.hookline.provider.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.SourceVerifier;
import io.hookline.testkit.ProviderRun;
import io.hookline.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a GitHub source tells the receiver besides verifying: its test event and the scheme it does not accept. */
class GitHubTestEventsAndSchemesTest {

    private static final byte[] BODY = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);

    private final SourceVerifier source = ProviderRun.bind(new GitHubProvider(), List.of("s"), Map.of());

    @Test
    void thePingSentWhenAWebhookIsCreatedIsATestEventAndOtherEventsAreNot() {
        assertTrue(source.isTestEvent(TestEvents.of("ping", BODY)));
        assertFalse(source.isTestEvent(TestEvents.of("push", BODY)));
        assertFalse(source.isTestEvent(TestEvents.of("pull_request.opened", BODY)));
    }

    @Test
    void aRequestWithOnlyTheSha1SignatureIsToldWhatIsAccepted() {
        Optional<String> told = source.unsupportedScheme(ProviderRun.request(
                Map.of("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"), BODY));
        assertEquals(Optional.of("only the SHA-1 X-Hub-Signature was sent; Hookline accepts X-Hub-Signature-256"
                + " (GitHub sends both unless the sender is an old client)"), told);
    }

    @Test
    void aRequestWithTheSha256SignatureOrNoneHasNoUnsupportedScheme() {
        assertEquals(Optional.empty(), source.unsupportedScheme(ProviderRun.request(Map.of(
                "X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567",
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64)), BODY)));
        assertEquals(Optional.empty(), source.unsupportedScheme(ProviderRun.request(Map.of(), BODY)));
    }
}
