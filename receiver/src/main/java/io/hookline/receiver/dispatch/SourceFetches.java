package io.hookline.receiver.dispatch;

import io.hookline.spi.EventFetch;
import java.util.Optional;
import java.util.Set;

/**
 * Which configured sources fetch the full form of the events they receive as notifications, as
 * their providers offered at start ({@link io.hookline.spi.SourceVerifier#eventFetch}).
 * {@code ingest.Sources} implements it; declared here because ingest routes events through this
 * package, so this package must not depend on ingest.
 */
public interface SourceFetches {

    /** The source's fetch of full events, or empty when it has none (or is not configured). */
    Optional<EventFetch> eventFetch(String source);

    /** The names of the configured sources that fetch full events. */
    Set<String> fetchingSources();
}
