package io.hookline.receiver.plugins;

import io.hookline.receiver.config.Version;
import io.hookline.receiver.config.HooklineConfig;
import io.hookline.spi.EventHandler;
import io.hookline.spi.PluginApi;
import io.hookline.spi.Provider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers and handlers with {@link ServiceLoader}: the built-ins on the receiver's class
 * path, then each plugin in the plugins directory in its own {@link PluginClassLoader}. A plugin
 * is a {@code *.jar} file, or a directory of jars for a plugin that ships its dependencies
 * unshaded. A plugin that cannot be loaded is logged with the reason and skipped whole; the
 * receiver still starts.
 */
@Factory
public class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Singleton
    public LoadedPlugins loadedPlugins(HooklineConfig config) {
        return load(config.getPluginsDir());
    }

    static LoadedPlugins load(Path pluginsDir) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        Map<String, EventHandler> handlers = new LinkedHashMap<>();
        List<LoadedPlugins.PluginJar> jars = new ArrayList<>();

        ClassLoader receiverLoader = PluginLoader.class.getClassLoader();
        Found builtIns = find(receiverLoader);
        register(builtIns, LoadedPlugins.BUILT_IN, providers, handlers);

        for (Path plugin : pluginsIn(pluginsDir)) {
            jars.add(loadPlugin(plugin, receiverLoader, providers, handlers));
        }
        LoadedPlugins.PluginJar builtIn = new LoadedPlugins.PluginJar(LoadedPlugins.BUILT_IN, true,
                String.valueOf(PluginApi.MAJOR), Version.current(), List.copyOf(builtIns.providers.keySet()),
                List.copyOf(builtIns.handlers.keySet()), null);
        return new LoadedPlugins(Map.copyOf(providers), Map.copyOf(handlers), builtIn, List.copyOf(jars));
    }

    private static LoadedPlugins.PluginJar loadPlugin(Path plugin, ClassLoader receiverLoader,
            Map<String, Provider> providers, Map<String, EventHandler> handlers) {
        String name = plugin.getFileName().toString();
        PluginManifest manifest = PluginManifest.EMPTY;
        try {
            List<Path> files = jarsOf(plugin);
            manifest = PluginManifest.read(files);
            String ours = String.valueOf(PluginApi.MAJOR);
            if (manifest.api() != null && !manifest.api().equals(ours)) {
                throw new PluginException("it was built for Hookline plugin API " + manifest.api()
                        + " (" + PluginApi.MANIFEST_ATTRIBUTE + "); this receiver has API " + ours);
            }
            PluginClassLoader loader = new PluginClassLoader(name, urls(files), receiverLoader);
            Found found;
            try {
                found = find(loader);
                if (found.isEmpty()) {
                    throw new PluginException("it declares no " + Provider.class.getName() + " or "
                            + EventHandler.class.getName() + " in META-INF/services");
                }
                found.checkAgainst(providers, handlers);
            } catch (PluginException | RuntimeException | ServiceConfigurationError | LinkageError e) {
                closeQuietly(loader);
                throw e;
            }
            register(found, name, providers, handlers);
            String warning = null;
            if (manifest.api() == null) {
                warning = "its manifest names no " + PluginApi.MANIFEST_ATTRIBUTE + "; loaded as API " + ours;
                LOG.warn("Plugin {}: {}", name, warning);
            }
            return new LoadedPlugins.PluginJar(name, true, manifest.api(), manifest.version(),
                    List.copyOf(found.providers.keySet()), List.copyOf(found.handlers.keySet()), warning);
        } catch (PluginException | RuntimeException | ServiceConfigurationError | LinkageError e) {
            String reason = describe(e);
            LOG.error("Plugin skipped: {}: {}", name, reason);
            return new LoadedPlugins.PluginJar(name, false, manifest.api(), manifest.version(), List.of(), List.of(),
                    reason);
        }
    }

    private static List<Path> pluginsIn(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            return entries.filter(path -> isJar(path) || holdsJars(path)).sorted().toList();
        } catch (IOException e) {
            LOG.error("Plugins directory {} cannot be listed; no plugins loaded: {}", pluginsDir, e.toString());
            return List.of();
        }
    }

    private static List<Path> jarsOf(Path plugin) throws PluginException {
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        try (Stream<Path> entries = Files.list(plugin)) {
            return entries.filter(PluginLoader::isJar).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("the directory cannot be listed: " + e.getMessage());
        }
    }

    private static URL[] urls(List<Path> jars) throws PluginException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginException("its path is not a valid URL: " + e.getMessage());
            }
        }
        return urls;
    }

    /** A directory is a plugin only when it holds jars; anything else in the plugins directory is not ours. */
    private static boolean holdsJars(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.anyMatch(PluginLoader::isJar);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    /** Discovery runs with the plugin's loader as the context loader: its constructors may look things up. */
    private static Found find(ClassLoader loader) {
        Found found = new Found();
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loader)) {
            for (Provider provider : ServiceLoader.load(Provider.class, loader)) {
                found.add(found.providers, provider.id(), provider, "provider");
            }
            for (EventHandler handler : ServiceLoader.load(EventHandler.class, loader)) {
                found.add(found.handlers, handler.id(), handler, "handler");
            }
        }
        return found;
    }

    private static void register(Found found, String origin, Map<String, Provider> providers,
            Map<String, EventHandler> handlers) {
        providers.putAll(found.providers);
        handlers.putAll(found.handlers);
        LOG.debug("Loaded from {}: providers {}, handlers {}", origin, found.providers.keySet(),
                found.handlers.keySet());
    }

    private static String describe(Throwable e) {
        if (e instanceof PluginException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? message : message + " (caused by " + root + ")";
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // The loader is being discarded; a failed close only leaks a file handle until exit.
        }
    }

    /** What one class loader contributes, before it is registered. */
    private static final class Found {
        final Map<String, Provider> providers = new LinkedHashMap<>();
        final Map<String, EventHandler> handlers = new LinkedHashMap<>();

        <T> void add(Map<String, T> into, String id, T extension, String kind) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalStateException(kind + " " + extension.getClass().getName() + " has id '" + id
                        + "'; ids are lower-case letters, digits and dashes");
            }
            if (into.putIfAbsent(id, extension) != null) {
                throw new IllegalStateException("two " + kind + "s have the id '" + id + "'");
            }
        }

        boolean isEmpty() {
            return providers.isEmpty() && handlers.isEmpty();
        }

        void checkAgainst(Map<String, Provider> loadedProviders, Map<String, EventHandler> loadedHandlers)
                throws PluginException {
            for (String id : providers.keySet()) {
                if (loadedProviders.containsKey(id)) {
                    throw new PluginException("provider id '" + id + "' is already taken by a loaded provider");
                }
            }
            for (String id : handlers.keySet()) {
                if (loadedHandlers.containsKey(id)) {
                    throw new PluginException("handler id '" + id + "' is already taken by a loaded handler");
                }
            }
        }
    }

    /** A plugin is not usable; the message says why, for the operator. */
    static final class PluginException extends Exception {
        private static final long serialVersionUID = 1L;

        PluginException(String message) {
            super(message);
        }
    }
}
