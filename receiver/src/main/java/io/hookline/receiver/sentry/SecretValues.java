package io.hookline.receiver.sentry;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.dispatch.RouteConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every secret value in the configuration: source secrets and API credentials, the admin token, the
 * subscriptions' secret key, and route settings whose name says secret, token or password; and the
 * secret values held as data, which change at run time: the subscriptions' extra header values
 * (often {@code Authorization: Bearer …}). The Sentry scrubber replaces them wherever they appear,
 * whatever a handler or library put in a message, and so does the dispatcher in what a target
 * answered before it is kept.
 */
@Singleton
public class SecretValues {

    private final List<String> all;
    private volatile List<String> held = List.of();

    public SecretValues(HooklineConfig config, List<SourceConfig> sources, List<RouteConfig> routes) {
        List<String> secrets = new ArrayList<>();
        sources.forEach(source -> {
            secrets.addAll(source.getSecrets());
            if (source.getReconcile() != null) {
                secrets.add(source.getReconcile().getToken());
                secrets.add(source.getReconcile().getApiKey());
            }
        });
        secrets.removeIf(secret -> secret == null || secret.isEmpty());
        if (config.getAdminToken() != null) {
            secrets.add(config.getAdminToken());
        }
        if (config.getSecretKey() != null) {
            secrets.add(config.getSecretKey());
        }
        routes.forEach(route -> route.getSettings().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("secret") || lower.contains("token") || lower.contains("password")) {
                secrets.add(value);
            }
        }));
        this.all = List.copyOf(secrets);
    }

    /** Replaces the secret values held as data, each time they are read again. */
    public void held(List<String> values) {
        this.held = List.copyOf(values);
    }

    /**
     * The text with every secret value replaced by {@code [Filtered]}: for what a target answered,
     * which may echo a credential a handler sent (an error page quoting the header it refused).
     */
    public String filtered(String text) {
        String filtered = text;
        for (String secret : all()) {
            if (secret != null && secret.length() >= 4) {
                filtered = filtered.replace(secret, SentryScrubber.FILTERED);
            }
        }
        return filtered;
    }

    List<String> all() {
        List<String> now = held;
        if (now.isEmpty()) {
            return all;
        }
        List<String> both = new ArrayList<>(all);
        both.addAll(now);
        return both;
    }
}
