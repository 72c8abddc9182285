package io.hookline.receiver.testing;

import io.hookline.spi.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources against the SPI and packs them into a plugin jar, as a plugin author would. */
public final class PluginJarBuilder {

    private PluginJarBuilder() {}

    /**
     * @param sources Java source text by class name, such as {@code example.TokenProvider}
     * @param services service file contents by SPI interface name
     */
    public static Path build(Path workDir, Path jar, Map<String, String> sources, Map<String, String> services)
            throws IOException {
        return build(workDir, jar, sources, services, Map.of());
    }

    /** @param manifest main attributes of the jar's manifest, such as {@code Hookline-Plugin-Api} */
    public static Path build(Path workDir, Path jar, Map<String, String> sources, Map<String, String> services,
            Map<String, String> manifest) throws IOException {
        Path src = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", spiClassPath(),
                "--release", "17", "-proc:none"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (!sources.isEmpty() && compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test plugin did not compile");
        }
        Manifest attributes = new Manifest();
        attributes.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((name, value) -> attributes.getMainAttributes().putValue(name, value));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), attributes);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                write(out, service.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String spiClassPath() {
        try {
            return Path.of(Provider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
