package io.hookline.receiver.ingest;

import io.hookline.spi.Provider;
import io.hookline.spi.SourceSettings;
import java.util.Set;

/**
 * A configured source bound to its loaded provider.
 *
 * @param settings what the provider sees of the source
 * @param provider the provider that verifies and identifies its requests
 * @param droppedHeaders lower-case headers never stored: credentials and signatures
 * @param rateLimiter the source's rate limit, or null for none
 */
record Source(SourceSettings settings, Provider provider, Set<String> droppedHeaders, RateLimiter rateLimiter) {}
