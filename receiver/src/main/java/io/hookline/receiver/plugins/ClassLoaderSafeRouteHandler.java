package io.hookline.receiver.plugins;

import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.StoredEvent;

/** A plugin's bound handler, every call made with the plugin's class loader as the context loader. */
final class ClassLoaderSafeRouteHandler implements RouteHandler {

    private final RouteHandler delegate;
    private final ClassLoader loader;

    ClassLoaderSafeRouteHandler(RouteHandler delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public void handle(StoredEvent event, HandlerContext context) throws Exception {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            delegate.handle(event, context);
        }
    }

    @Override
    public void close() throws Exception {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            delegate.close();
        }
    }
}
