package io.hookline.receiver.dispatch;

import java.util.Set;

/**
 * The request headers that carry credentials: never stored with an event, so an {@code order-by}
 * that names one would give every event no key. {@code ingest.Sources} implements it; declared here
 * because ingest routes events through this package, so this package must not depend on ingest.
 */
public interface CredentialHeaders {

    /** Dropped from every request, whatever its source. */
    Set<String> ALWAYS = Set.of("authorization", "cookie", "proxy-authorization");

    /**
     * By lower-case name: {@link #ALWAYS} and each configured source's own (its signature header,
     * as its provider says: {@code SourceVerifier.credentialHeaders}).
     */
    Set<String> credentialHeaders();
}
