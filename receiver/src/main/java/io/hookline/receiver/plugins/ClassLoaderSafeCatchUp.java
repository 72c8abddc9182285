package io.hookline.receiver.plugins;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpException;
import io.hookline.spi.CatchUpRun;
import java.time.Duration;

/** A plugin's catch-up, every call made with the plugin's class loader as the context loader. */
final class ClassLoaderSafeCatchUp implements CatchUp {

    private final CatchUp delegate;
    private final ClassLoader loader;

    ClassLoaderSafeCatchUp(CatchUp delegate, ClassLoader loader) {
        this.delegate = delegate;
        this.loader = loader;
    }

    @Override
    public Duration reach() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            return delegate.reach();
        }
    }

    @Override
    public void run(CatchUpRun run) throws CatchUpException, InterruptedException {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            delegate.run(run);
        }
    }
}
