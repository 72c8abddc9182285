package io.hookline.receiver.sentry;

import io.hookline.receiver.config.SecretSettings;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every secret value in the configuration, as each configuration bean names its own
 * ({@link SecretSettings}: source secrets and API credentials, the admin token, the subscriptions'
 * secret key, route settings whose name says secret, token or password, and the credentials inside
 * a target URL); and the secret values held as data, which change at run time: the subscriptions'
 * extra header values (often {@code Authorization: Bearer …}). The Sentry scrubber replaces them
 * wherever they appear, whatever a handler or library put in a message, and so does the dispatcher
 * in what a target answered before it is kept.
 */
@Singleton
public class SecretValues {

    private final List<String> all;
    private volatile List<String> held = List.of();

    public SecretValues(List<SecretSettings> configured) {
        List<String> secrets = new ArrayList<>();
        configured.forEach(settings -> {
            secrets.addAll(settings.secretsByKey().values());
            secrets.addAll(settings.credentialsInValues());
        });
        secrets.removeIf(secret -> secret == null || secret.isEmpty());
        // The longest first: a secret that contains another is filtered whole, whatever the beans' order.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        this.all = List.copyOf(secrets);
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
