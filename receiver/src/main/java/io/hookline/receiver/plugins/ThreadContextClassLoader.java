package io.hookline.receiver.plugins;

/**
 * Makes a plugin's class loader the current thread's context class loader until closed, then
 * restores the one before, as Trino's {@code ThreadContextClassLoader} does. Libraries inside a
 * plugin that look things up through the context loader ({@code ServiceLoader.load(X.class)},
 * Jackson modules, JDBC drivers, resources) then find the plugin's own classes and files.
 */
final class ThreadContextClassLoader implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    ThreadContextClassLoader(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
