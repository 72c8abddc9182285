package io.hookline.receiver.config;

import io.hookline.receiver.dispatch.RouteConfig;
import io.hookline.receiver.ingest.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to start on secrets nobody chose: a value that still holds a placeholder from the sample
 * configuration ({@code replace-me…}, {@code changeme}), in clear or inside a {@code whsec_} base64
 * secret, and an admin token shorter than {@value #SHORTEST_ADMIN_TOKEN} characters. The message
 * names the key and never the value.
 */
public final class SecretChecks {

    /** 32 characters: 128 bits and more of a random hex or base64 token. */
    static final int SHORTEST_ADMIN_TOKEN = 32;
    private static final List<String> PLACEHOLDERS = List.of("replace-me", "replace_me", "changeme", "change-me");

    private SecretChecks() {}

    /**
     * Every problem at once, one line each: the sample holds several placeholders, and one a start made
     * its user restart once per placeholder. Run before the store opens ({@code StartChecks}), so a
     * refused configuration creates no {@code ./data}.
     *
     * @param adminToken the admin token, or null when it is not set (or not checked in this call)
     */
    public static List<String> problems(String adminToken, List<SourceConfig> sources, List<RouteConfig> routes) {
        List<String> problems = new ArrayList<>();
        if (adminToken != null && adminToken.length() < SHORTEST_ADMIN_TOKEN) {
            problems.add("hookline.admin-token must be at least " + SHORTEST_ADMIN_TOKEN
                    + " characters long (it is " + adminToken.length() + "); make one with: openssl rand -hex 32");
        }
        named(adminToken, sources, routes).forEach((key, value) -> {
            if (isPlaceholder(value)) {
                problems.add(key + " still holds a placeholder from the sample configuration;"
                        + " set a real secret, for example through the environment variable "
                        + key.replaceAll("\\[\\d+\\]", "").replaceAll("[.-]", "_").toUpperCase(Locale.ROOT));
            }
        });
        return problems;
    }

    /** Every secret of the configuration by its key. */
    private static Map<String, String> named(String adminToken, List<SourceConfig> sources, List<RouteConfig> routes) {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("hookline.admin-token", adminToken);
        for (SourceConfig source : sources) {
            String key = "hookline.sources." + source.getName();
            for (int i = 0; i < source.getSecrets().size(); i++) {
                named.put(key + ".secrets[" + i + "]", source.getSecrets().get(i));
            }
            if (source.getReconcile() != null) {
                source.getReconcile().credentials().forEach((name, value) -> named.put(key + ".reconcile." + name, value));
            }
        }
        for (int i = 0; i < routes.size(); i++) {
            int index = i;
            routes.get(i).getSettings().forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.contains("secret") || lower.contains("token") || lower.contains("password")) {
                    named.put("hookline.routes[" + index + "].settings." + name, value);
                }
            });
        }
        named.values().removeIf(value -> value == null || value.isEmpty());
        return named;
    }

    static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.stream().anyMatch(lower::contains)) {
            return true;
        }
        if (value.startsWith("whsec_")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.substring("whsec_".length())),
                        StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                return PLACEHOLDERS.stream().anyMatch(decoded::contains);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }
}
