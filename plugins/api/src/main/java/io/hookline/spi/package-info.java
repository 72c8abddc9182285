/**
 * The Hookline plugin SPI: what a provider or handler plugin implements, and the values the
 * receiver hands it.
 *
 * <p>This package depends on the JDK only. The receiver loads each plugin jar in its own class
 * loader whose parent exposes this package and nothing else, so a plugin brings its own libraries
 * and never meets the receiver's.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list them in
 * {@code META-INF/services/io.hookline.spi.Provider} or
 * {@code META-INF/services/io.hookline.spi.EventHandler}.
 */
package io.hookline.spi;
