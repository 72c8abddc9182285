package io.hookline.receiver.ingest;

import io.hookline.receiver.sentry.TestEvents;
import io.hookline.spi.StoredEvent;
import jakarta.inject.Singleton;

/**
 * Asks the verifier the event's source is bound to whether the event is a test, with the plugin's
 * class loader as the context class loader. A provider that throws has not said yes: the failure is
 * reported as any other.
 */
@Singleton
class SourceTestEvents implements TestEvents {

    private final Sources sources;

    SourceTestEvents(Sources sources) {
        this.sources = sources;
    }

    @Override
    public boolean isTest(StoredEvent event) {
        return sources.verifier(event.source()).map(verifier -> {
            try {
                return verifier.isTestEvent(event);
            } catch (RuntimeException | LinkageError cannotTell) {
                return false;
            }
        }).orElse(false);
    }
}
