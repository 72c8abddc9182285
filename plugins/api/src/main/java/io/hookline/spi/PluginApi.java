package io.hookline.spi;

/**
 * The version promise of this SPI. It follows semantic versioning: within one major version a
 * plugin built against an older minor keeps working; a new major may break plugins.
 *
 * <p>A plugin jar names the major it was built for in its manifest, as
 * {@code Hookline-Plugin-Api: 1} (the plugin template's build writes it). The receiver loads jars
 * of its own major, skips a jar of any other major with a log line naming both, and loads a jar
 * without the attribute with a warning.
 */
public final class PluginApi {

    /** The manifest attribute that names the SPI major a plugin was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Hookline-Plugin-Api";

    /** This SPI's major version. */
    public static final int MAJOR = 1;

    private PluginApi() {}
}
