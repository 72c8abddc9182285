package io.hookline.receiver.rejections;

import io.hookline.spi.SourceVerifier;
import java.util.Map;
import java.util.Optional;

/**
 * The configured sources, as the refusal diagnosis asks after them: which there are, and a
 * verifier of one source's scheme holding another's secrets. {@code ingest.Sources} implements it;
 * it is declared here because the webhook endpoint reports its refusals to the
 * {@link RejectionLog}, so this package must not depend on ingest.
 */
public interface ConfiguredSources {

    /** Source names with their provider. */
    Map<String, String> describe();

    /**
     * A verifier of {@code source}'s own scheme holding the secrets of {@code other}, or empty where
     * that scheme cannot hold them (or either source is not configured).
     */
    Optional<SourceVerifier> withSecretsOf(String source, String other);
}
