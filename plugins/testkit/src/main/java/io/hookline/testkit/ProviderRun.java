package io.hookline.testkit;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import java.util.List;
import java.util.Map;

/**
 * Binds a provider to a source as the receiver does at start, and builds requests as the receiver
 * hands them over (header names lower-cased, the raw body bytes).
 *
 * <pre>{@code
 * SourceVerifier source = ProviderRun.bind(new AcmeProvider(), List.of("s3cret"), Map.of());
 * byte[] body = ...;
 * InboundRequest request = ProviderRun.request(Map.of("X-Acme-Signature", Signatures.hmacSha256Hex("s3cret", "", body)), body);
 * assertInstanceOf(Verification.Verified.class, source.verify(request, Instant.now()));
 * }</pre>
 */
public final class ProviderRun {

    /** The source name the provider sees. */
    public static final String SOURCE = "test-source";

    private ProviderRun() {}

    /**
     * @throws IllegalArgumentException when the provider refuses the settings, as at the receiver's start
     */
    public static SourceVerifier bind(Provider provider, List<String> secrets, Map<String, String> settings) {
        return provider.bind(new SourceSettings(SOURCE, provider.id(), secrets, settings));
    }

    /** A request to the source with one value per header and no query. */
    public static InboundRequest request(Map<String, String> headers, byte[] body) {
        return InboundRequest.of(SOURCE, headers, body);
    }
}
