package io.hookline.receiver.sentry;

import io.hookline.spi.StoredEvent;

/**
 * Which stored events their sender marks as tests, as the provider of the event's source says
 * ({@link io.hookline.spi.SourceVerifier#isTestEvent}). Their failures are dropped from Sentry in a
 * production environment. Answered where the sources are bound, so that this package neither reads
 * source configuration nor knows any provider.
 */
public interface TestEvents {

    /** Whether the event is a test; false when its source is gone or its provider cannot tell. */
    boolean isTest(StoredEvent event);
}
