package io.hookline.receiver.ingest;

import io.hookline.spi.SourceVerifier;
import java.util.Set;

/**
 * A configured source bound to its loaded provider.
 *
 * @param name the source name, as in {@code POST /hooks/{name}}
 * @param provider the id of the provider it is bound to
 * @param verifier what the provider made of the source: verifies and identifies its requests
 * @param droppedHeaders lower-case headers never stored: credentials and signatures
 * @param rateLimiter the source's rate limit, or null for none
 */
record Source(String name, String provider, SourceVerifier verifier, Set<String> droppedHeaders,
        RateLimiter rateLimiter) {}
