package io.hookline.receiver.plugins;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin. It sees the JDK (through the platform class loader), the SPI
 * package {@code io.hookline.spi} (from the receiver), and its own jars; nothing else of the
 * receiver. So a plugin's Jackson or HTTP client never meets the receiver's or another plugin's.
 */
final class PluginClassLoader extends URLClassLoader {

    static final String SPI_PACKAGE = "io.hookline.spi.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    PluginClassLoader(String name, URL[] jars, ClassLoader spiLoader) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return spiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
