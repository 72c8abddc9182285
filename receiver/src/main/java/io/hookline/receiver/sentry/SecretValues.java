package io.hookline.receiver.sentry;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.dispatch.RouteConfig;
import jakarta.inject.Singleton;
import java.net.URI;
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
                secrets.addAll(source.getReconcile().credentials().values());
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
            if (lower.equals("url") && value != null) {
                secrets.addAll(inUrl(value));
            }
        }));
        this.all = List.copyOf(secrets);
    }

    /**
     * What a target URL carries that is as good as a credential: the password of its user part and
     * its query values (webhook URLs put their tokens there), those of eight characters or more, so
     * that a target echoing its own URL does not put them in an answer kept or a message logged.
     */
    static List<String> inUrl(String url) {
        List<String> found = new ArrayList<>();
        try {
            URI uri = URI.create(url);
            String user = uri.getRawUserInfo();
            if (user != null && user.indexOf(':') >= 0) {
                found.add(user.substring(user.indexOf(':') + 1));
            }
            String query = uri.getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (pair.indexOf('=') >= 0 && value.length() >= 8) {
                        found.add(value);
                    }
                }
            }
        } catch (IllegalArgumentException notAUrl) {
            // the route's own check refuses it
        }
        return found;
    }

    /**
     * The value and, for an authorization value ({@code Bearer abc…}, {@code Basic …}), the
     * credential after its scheme too: a target that quotes only the token it was sent must not
     * slip past the filter.
     */
    private static List<String> withCredential(String value) {
        int space = value.indexOf(' ');
        if (space > 0 && space == value.lastIndexOf(' ') && value.length() - space - 1 >= 8) {
            return List.of(value, value.substring(space + 1));
        }
        return List.of(value);
    }

    /** Replaces the secret values held as data, each time they are read again. */
    public void held(List<String> values) {
        List<String> withCredentials = new ArrayList<>();
        values.forEach(value -> withCredentials.addAll(withCredential(value)));
        this.held = List.copyOf(withCredentials);
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
