package io.hookline.receiver.plugins;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.EventFetch;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.Verification;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A plugin's verifier, every call made with the plugin's class loader as the context loader. */
final class ClassLoaderSafeSourceVerifier implements SourceVerifier {

    private final SourceVerifier delegate;
    private final ClassLoader loader;
    /** Asked once, at binding: the request path reads it for every event. */
    private final boolean checksJsonObject;

    ClassLoaderSafeSourceVerifier(SourceVerifier delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
        this.checksJsonObject = askChecksJsonObject();
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.verify(request, now);
        }
    }

    @Override
    public EventIdentity identify(InboundRequest request) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.identify(request);
        }
    }

    @Override
    public Set<String> credentialHeaders() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.credentialHeaders();
        }
    }

    @Override
    public boolean isTestEvent(StoredEvent event) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.isTestEvent(event);
        }
    }

    @Override
    public boolean identifyChecksJsonObject() {
        return checksJsonObject;
    }

    private boolean askChecksJsonObject() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.identifyChecksJsonObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<String> unsupportedScheme(InboundRequest request) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.unsupportedScheme(request);
        }
    }

    @Override
    public Optional<CatchUp> catchUp(CatchUpSettings settings) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            Optional<CatchUp> offered = delegate.catchUp(settings);
            return offered == null ? Optional.empty()
                    : offered.map(catchUp -> new ClassLoaderSafeCatchUp(catchUp, loader));
        }
    }

    @Override
    public Optional<EventFetch> eventFetch() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            Optional<EventFetch> offered = delegate.eventFetch();
            return offered == null ? Optional.empty()
                    : offered.map(fetch -> new ClassLoaderSafeEventFetch(fetch, loader));
        }
    }
}
