package io.hookline.receiver.plugins;

import io.hookline.spi.EventHandler;
import io.hookline.spi.Provider;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import java.util.function.Supplier;

/**
 * Binds sources and routes to their plugins with the plugin's class loader as the context class
 * loader, and hands back bound objects that keep doing so on every call.
 */
public final class PluginBinding {

    private PluginBinding() {}

    /** The provider's verifier for this source. */
    public static SourceVerifier bind(Provider provider, SourceSettings source) {
        ClassLoader loader = provider.getClass().getClassLoader();
        SourceVerifier verifier = callIn(loader, () -> provider.bind(source));
        if (verifier == null) {
            throw new IllegalStateException("provider '" + provider.id() + "' bound source '" + source.name()
                    + "' to nothing");
        }
        return new ClassLoaderSafeSourceVerifier(verifier, loader);
    }

    /** The handler bound to this route. */
    public static RouteHandler bind(EventHandler handler, RouteSettings route) {
        ClassLoader loader = handler.getClass().getClassLoader();
        RouteHandler bound = callIn(loader, () -> handler.bind(route));
        if (bound == null) {
            throw new IllegalStateException("handler '" + handler.id() + "' bound route '" + route.route()
                    + "' to nothing");
        }
        return new ClassLoaderSafeRouteHandler(bound, loader);
    }

    private static <T> T callIn(ClassLoader loader, Supplier<T> call) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return call.get();
        }
    }
}
