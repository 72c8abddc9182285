package io.hookline.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPI's public surface, held to {@code api/hookline-plugin-api.txt}: every public type with its
 * public and protected constructors, methods and fields, signatures with generics. A plugin built
 * against version 1 must keep linking, so a line that disappears or changes fails the build (that
 * needs a new major, {@link PluginApi#MAJOR}); a line that appears fails too until it is recorded,
 * so every growth of the API is deliberate (a new minor). No previous release artifact exists to
 * compare against with japicmp or revapi, so the surface is recorded as text, as Kotlin's
 * binary-compatibility-validator and Android's metalava do.
 *
 * <p>After a deliberate change: {@code mvn -pl plugins/api test -Dhookline.api.record=true}.
 */
class PublicApiTest {

    private static final Path RECORDED = Path.of("api/hookline-plugin-api.txt");

    @Test
    void thePublicSurfaceIsTheRecordedOne() throws Exception {
        List<String> current = surface();
        if (Boolean.getBoolean("hookline.api.record")) {
            Files.createDirectories(RECORDED.getParent());
            Files.write(RECORDED, current, StandardCharsets.UTF_8);
        }
        List<String> recorded = Files.readAllLines(RECORDED, StandardCharsets.UTF_8);
        List<String> removed = new ArrayList<>(recorded);
        removed.removeAll(current);
        List<String> added = new ArrayList<>(current);
        added.removeAll(recorded);
        assertEquals(List.of(), removed, "removed or changed: this breaks plugins built for API " + PluginApi.MAJOR
                + " and needs a new major");
        assertEquals(List.of(), added, "added: record it (-Dhookline.api.record=true) as a new minor of API "
                + PluginApi.MAJOR);
    }

    private static List<String> surface() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Provider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path spi = classes.resolve("io/hookline/spi");
        TreeSet<String> lines = new TreeSet<>();
        try (Stream<Path> files = Files.list(spi)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = "io.hookline.spi." + file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                if (visible(type)) {
                    describe(type, lines);
                }
            }
        }
        return List.copyOf(lines);
    }

    private static boolean visible(Class<?> type) {
        for (Class<?> outer = type; outer != null; outer = outer.getEnclosingClass()) {
            if (!Modifier.isPublic(outer.getModifiers()) || outer.isAnonymousClass() || outer.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> type, TreeSet<String> lines) {
        String name = type.getName();
        lines.add(name + " : " + type.toGenericString()
                + (type.getGenericSuperclass() == null || type.isEnum() || type.isRecord()
                        ? "" : " extends " + type.getGenericSuperclass().getTypeName())
                + (type.getGenericInterfaces().length == 0 ? ""
                        : " implements " + Stream.of(type.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            add(lines, name, constructor, constructor.toGenericString());
        }
        for (Method method : type.getDeclaredMethods()) {
            if (!method.isSynthetic() && !method.isBridge()) {
                add(lines, name, method, method.toGenericString() + (method.isDefault() ? " [default]" : ""));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (!field.isSynthetic()) {
                add(lines, name, field, field.toGenericString());
            }
        }
    }

    private static void add(TreeSet<String> lines, String type, Member member, String signature) {
        int modifiers = member.getModifiers();
        if (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)) {
            lines.add(type + " : " + signature);
        }
    }
}
