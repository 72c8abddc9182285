package io.hookline.receiver.plugins;

import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventFetch;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.util.Optional;

/** A plugin's fetch of full events, made with the plugin's class loader as the context loader. */
final class ClassLoaderSafeEventFetch implements EventFetch {

    private final EventFetch delegate;
    private final ClassLoader loader;

    ClassLoaderSafeEventFetch(EventFetch delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public Optional<byte[]> fetch(StoredEvent notification)
            throws DownstreamStatusException, TransientFailureException, InterruptedException {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            Optional<byte[]> fetched = delegate.fetch(notification);
            return fetched == null ? Optional.empty() : fetched;
        }
    }
}
