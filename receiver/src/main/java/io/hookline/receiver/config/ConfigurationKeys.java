package io.hookline.receiver.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.format.ReadableBytesTypeConverter;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds every {@code hookline.*} key that no configuration bean reads, so a typo such as
 * {@code hookline.sources.gh.rate-limit.brust} stops the receiver instead of being ignored (the
 * line names the key, the keys known at that place and the closest known key), and every value
 * that cannot be read as its setting's type ({@code timeout: 5 parsecs}, {@code workers: lots}, a list
 * where one text goes),
 * naming the key and what it takes. Both are found in the configuration's text, before any
 * configuration bean is built, so all of them are listed at once ({@code StartChecks}).
 *
 * <p>The known keys are the configuration metadata that Micronaut's annotation processor writes
 * for every configuration bean ({@code META-INF/spring-configuration-metadata.json}), so a new
 * setting is known as soon as its bean has it. Keys under a map-typed setting ({@code settings}
 * of a source or route, a source's {@code reconcile} block) belong to the provider or handler,
 * which checks them when it binds.
 * Environment variables are not checked: their names map to several candidate keys.
 */
@Singleton
public class ConfigurationKeys {

    static final String METADATA = "META-INF/spring-configuration-metadata.json";
    /** Read by a {@code @Requires}, which has no configuration bean. */
    private static final Set<String> READ_BY_REQUIRES = Set.of("hookline.bench.enabled");
    /**
     * The entries' type of list settings whose entries are not texts: the metadata says only "List", and
     * binding drops an entry it cannot convert without a word ({@code [5s, 5 parsecs, 1m]} binds as two
     * retries), so each entry is checked here.
     */
    private static final Map<String, Class<?>> LIST_ELEMENTS = Map.of("hookline.routes[*].retry-delays", Duration.class);
    /**
     * What to do instead, for a text setting given a list: binding joins a list's entries with commas
     * into one text without a word ({@code where: [a, b]} reads as {@code "a,b"}), so it is refused here.
     */
    private static final Map<String, String> ONE_VALUE = Map.of(
            "hookline.routes[*].where", "is one expression, not a list; join the conditions with && (or ||)",
            "hookline.routes[*].order-by", "is one key, not a list; give one JSON pointer (/data/object/customer),"
                    + " key, source, type, header:<name>, or an expression that joins them"
                    + " (body.repository.full_name + ':' + body.ref)");
    private static final Pattern ROUTE = Pattern.compile("hookline\\.routes\\[[0-9]+]");
    private static final ReadableBytesTypeConverter SIZES = new ReadableBytesTypeConverter();
    private static final Pattern KEY_PARTS = Pattern.compile("[^.\\[\\]]+|[.\\[\\]]");

    private final List<Known> known;
    private final Environment environment;
    private final Set<String> unknown = new TreeSet<>();
    /** Values that cannot be read, by key. */
    private final Map<String, String> unreadable = new TreeMap<>();
    private static final String PORT = "micronaut.server.port";

    public ConfigurationKeys(Environment environment, JsonMapper json) {
        this.known = load(json);
        this.environment = environment;
        for (PropertySource source : environment.getPropertySources()) {
            if (EnvironmentPropertySource.NAME.equals(source.getName())) {
                continue;
            }
            for (String key : source) {
                flatten(key, source.get(key));
            }
        }
        // The environment's names do not say where a word ends (HOOKLINE_STORAGE_BUSY_TIMEOUT), so its
        // keys are not listed as unknown; but the value each plain setting ends up with, wherever it
        // came from (an environment variable overrides a file), is read as a start reads it:
        // HOOKLINE_STORAGE_SYNCHRONOUS=FAST is a line, not a stack trace.
        for (Known setting : known) {
            if (!setting.name().contains("*") && !unreadable.containsKey(setting.name())) {
                effective(setting.name()).ifPresent(value -> check(setting.name(), value, setting.type()));
            }
        }
        effective(PORT).ifPresent(this::checkPort);
    }

    /** The value a start binds; empty when there is none, or when its placeholder is told already. */
    private Optional<String> effective(String key) {
        try {
            return environment.getProperty(key, String.class);
        } catch (RuntimeException unresolved) {
            return Optional.empty();
        }
    }

    /** The listening port is Micronaut's setting, but a start refused for it should say so as plainly. */
    private void checkPort(String port) {
        try {
            int number = Integer.parseInt(port.trim());
            if (number >= -1 && number <= 65535) {
                return;
            }
        } catch (NumberFormatException notANumber) {
            // told below
        }
        unreadable.put(PORT, PORT + " (MICRONAUT_SERVER_PORT): '" + port + "' is not a port; give a number from 1"
                + " to 65535, or -1 for a free one");
    }

    /** One line each, in key order: every unknown key, then every value that cannot be read. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(unknown);
        problems.addAll(unreadable.values());
        return problems;
    }

    /** The keys whose values cannot be read: the beans that hold them cannot be built. */
    public Set<String> unreadableKeys() {
        return Collections.unmodifiableSet(unreadable.keySet());
    }

    /** A known key as a pattern: {@code *} is a source name, {@code [*]} a list index. */
    private record Known(String name, String type, Pattern pattern) {}

    private static List<Known> load(JsonMapper json) {
        List<Known> known = new ArrayList<>();
        READ_BY_REQUIRES.forEach(name -> known.add(new Known(name, "boolean", Pattern.compile(Pattern.quote(name)))));
        try (InputStream in = ConfigurationKeys.class.getClassLoader().getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException(METADATA + " is missing from the jar");
            }
            Map<?, ?> metadata = json.readValue(in.readAllBytes(), Map.class);
            for (Object entry : (List<?>) metadata.get("properties")) {
                Map<?, ?> property = (Map<?, ?>) entry;
                String name = (String) property.get("name");
                if (name.startsWith("hookline.")) {
                    String type = String.valueOf(property.get("type"));
                    known.add(new Known(name, type, pattern(name, type)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(METADATA + " cannot be read: " + e.getMessage(), e);
        }
        return List.copyOf(known);
    }

    private static Pattern pattern(String name, String type) {
        String regex = "\\Q" + name.replace("[*]", "\\E\\[[0-9]+]\\Q").replace(".*", "\\E\\.[^.\\[]+\\Q") + "\\E";
        if (type.equals("java.util.Map")) {
            regex += "(\\..+|\\[[0-9]+].*)?";
        } else if (type.equals("java.util.List")) {
            regex += "(\\[[0-9]+])?";
        }
        return Pattern.compile(regex);
    }

    private void flatten(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, nested) -> flatten(key + "." + name, nested));
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            for (int i = 0; i < list.size(); i++) {
                flatten(key + "[" + i + "]", list.get(i));
            }
        } else {
            String normal = normalize(key);
            if (!normal.startsWith("hookline.")) {
                return;
            }
            Optional<Known> setting = known.stream().filter(k -> k.pattern().matcher(normal).matches()).findFirst();
            if (setting.isEmpty()) {
                unknown.add(describe(normal));
            } else {
                Known known = setting.get();
                Class<?> element = LIST_ELEMENTS.get(known.name());
                if (value == null) {
                    // A key written with nothing after it (where:), which binding cannot take: said here, each one.
                    unreadable.put(normal, withRouteName(normal) + " is given no value; give it one, or leave the key out");
                } else if (element != null && value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        check(normal + "[" + i + "]", list.get(i), element.getName());
                    }
                } else if (value instanceof List<?> && known.type().equals("java.lang.String")) {
                    unreadable.put(normal, withRouteName(normal) + ": " + ONE_VALUE.getOrDefault(known.name(),
                            "takes one value, not a list; give one"));
                } else {
                    check(normal, value, known.type());
                }
            }
        }
    }

    /** A route's key with the route's own name, where it has one: a long list of routes is read by name. */
    private String withRouteName(String key) {
        Matcher route = ROUTE.matcher(key);
        if (!route.lookingAt()) {
            return key;
        }
        return effective(route.group() + ".name").map(name -> key + " (route '" + name + "')").orElse(key);
    }

    /**
     * Whether the value, its {@code ${VARIABLE}}s replaced, reads as its setting's type, the way binding will
     * read it: the scalar types (a {@code long} is a size, such as {@code 1MB}); lists are left to binding.
     */
    private void check(String key, Object value, String type) {
        Object resolved = value;
        if (value instanceof String text && text.contains("${")) {
            resolved = resolve(text).orElse(null);
            if (resolved == null) {
                unreadable.put(key, key + ": " + text + " names a variable that is not set; set it in the environment,"
                        + " or give a default as ${NAME:default}");
                return;
            }
        }
        if (type.equals("long") || type.equals("java.lang.Long")) {
            // Every long setting is a size in bytes, read with @ReadableBytes: 1048576, 512KB, 1MB.
            if (SIZES.convert(String.valueOf(resolved), Number.class, ConversionContext.DEFAULT).isEmpty()) {
                unreadable.put(key, key + ": " + shown(value, resolved) + " is not a size such as 1048576, 512KB, 1MB"
                        + " or 1GB; correct the value");
            }
            return;
        }
        Class<?> target = switch (type) {
            case "java.time.Duration" -> Duration.class;
            case "int", "java.lang.Integer" -> Integer.class;
            case "double", "java.lang.Double" -> Double.class;
            case "boolean", "java.lang.Boolean" -> Boolean.class;
            default -> enumType(type);
        };
        if (target == null || resolved == null) {
            return;
        }
        ArgumentConversionContext<?> context = ConversionContext.of(Argument.of(target));
        if (environment.convert(resolved, context).isEmpty()) {
            unreadable.put(key, key + ": " + shown(value, resolved) + " is not " + expected(target) + "; correct the value");
        }
    }

    private static String shown(Object value, Object resolved) {
        return resolved.equals(value) ? "'" + value + "'" : "'" + resolved + "' (from " + value + ")";
    }

    /** A value's ${VARIABLE} placeholders replaced as binding replaces them; empty when one is not set. */
    private Optional<String> resolve(String text) {
        try {
            return environment.getPlaceholderResolver().resolvePlaceholders(text);
        } catch (RuntimeException unresolved) {
            return Optional.empty();
        }
    }

    private static Class<?> enumType(String type) {
        try {
            Class<?> named = Class.forName(type, false, ConfigurationKeys.class.getClassLoader());
            return named.isEnum() ? named : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String expected(Class<?> type) {
        if (type == Duration.class) {
            return "a duration such as 30s, 5m, 2h or 7d";
        }
        if (type == Integer.class) {
            return "a whole number";
        }
        if (type == Double.class) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        // As each constant's toString writes it: an enum the docs write in lower case overrides it so.
        return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Micronaut reads {@code dataDir} as {@code data-dir}; so does this check. */
    private static String normalize(String key) {
        StringBuilder normal = new StringBuilder();
        Matcher parts = KEY_PARTS.matcher(key);
        while (parts.find()) {
            String part = parts.group();
            normal.append(part.length() == 1 && ".[]".contains(part) ? part : NameUtils.hyphenate(part));
        }
        return normal.toString();
    }

    private String describe(String key) {
        String closest = null;
        int distance = Integer.MAX_VALUE;
        Set<String> here = new TreeSet<>();
        String parent = key.substring(0, Math.max(0, key.lastIndexOf('.')));
        for (Known candidate : known) {
            String concrete = concrete(candidate.name(), key);
            int d = distance(key, concrete);
            if (d < distance) {
                distance = d;
                closest = concrete;
            }
            if (concrete.startsWith(parent + ".") && concrete.indexOf('.', parent.length() + 1) < 0) {
                here.add(concrete.substring(parent.length() + 1));
            }
        }
        return key + " is not a Hookline setting (known here: " + here + "; did you mean " + closest + "?)";
    }

    /** The known name with its wildcards filled from the key's own segments, where they line up. */
    private static String concrete(String name, String key) {
        String[] nameParts = name.split("\\.");
        String[] keyParts = key.split("\\.");
        StringBuilder concrete = new StringBuilder();
        for (int i = 0; i < nameParts.length; i++) {
            String part = nameParts[i];
            String given = i < keyParts.length ? keyParts[i] : null;
            if (part.equals("*") && given != null) {
                part = given;
            } else if (part.endsWith("[*]") && given != null && given.contains("[")) {
                part = part.substring(0, part.length() - 3) + given.substring(given.indexOf('['));
            }
            concrete.append(i == 0 ? "" : ".").append(part);
        }
        return concrete.toString();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
