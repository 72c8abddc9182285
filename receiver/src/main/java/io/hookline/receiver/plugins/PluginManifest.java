package io.hookline.receiver.plugins;

import io.hookline.spi.PluginApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a plugin's jars say of it in their manifests: the SPI major it was built for and its
 * version, from the first jar that names them. Reading the manifest also proves each jar readable.
 *
 * @param api {@code Hookline-Plugin-Api}, or null
 * @param version {@code Implementation-Version}, or null
 */
record PluginManifest(String api, String version) {

    static final PluginManifest EMPTY = new PluginManifest(null, null);

    static PluginManifest read(List<Path> jars) throws PluginLoader.PluginException {
        String api = null;
        String version = null;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                if (manifest == null) {
                    continue;
                }
                Attributes attributes = manifest.getMainAttributes();
                if (api == null) {
                    api = trimmed(attributes.getValue(PluginApi.MANIFEST_ATTRIBUTE));
                }
                if (version == null) {
                    version = trimmed(attributes.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
                }
            } catch (IOException e) {
                throw new PluginLoader.PluginException(jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")");
            }
        }
        return new PluginManifest(api, version);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
