package io.hookline.receiver.ingest;

import io.hookline.receiver.config.SecretSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One source, {@code hookline.sources.<name>}: the endpoint {@code POST /hooks/<name>}, bound to
 * one provider and its secrets. Checked at start by {@code Sources}.
 */
@EachProperty("hookline.sources")
public class SourceConfig implements SecretSettings {

    private final String name;
    private String provider;
    private List<String> secrets = List.of();
    private Map<String, String> settings = Map.of();
    private RateLimit rateLimit;
    private Reconcile reconcile;

    public SourceConfig(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** The id of the provider the source is bound to. */
    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The secrets in force; several at once while rotating. */
    public List<String> getSecrets() {
        return secrets;
    }

    public void setSecrets(List<String> secrets) {
        this.secrets = secrets == null ? List.of() : secrets;
    }

    /** Provider-specific options. */
    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings == null ? Map.of() : settings;
    }

    /** The source's rate limit, or null for none. */
    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** The source's catch-up with its provider's API, or null when it is off (no {@code reconcile} block). */
    public Reconcile getReconcile() {
        return reconcile;
    }

    public void setReconcile(Map<String, Object> reconcile) {
        this.reconcile = reconcile == null || reconcile.isEmpty() ? null : Reconcile.of(reconcile);
    }

    /** Its signing secrets and the credentials of its {@code reconcile} block. */
    @Override
    public Map<String, String> secretsByKey() {
        Map<String, String> named = new LinkedHashMap<>();
        String key = "hookline.sources." + name;
        for (int i = 0; i < secrets.size(); i++) {
            named.put(key + ".secrets[" + i + "]", secrets.get(i));
        }
        if (reconcile != null) {
            reconcile.credentials().forEach((setting, value) -> named.put(key + ".reconcile." + setting, value));
        }
        settings.forEach((setting, value) -> {
            if (isCredential(setting)) {
                named.put(key + ".settings." + setting, value);
            }
        });
        return named;
    }

    /**
     * A provider setting that holds a credential, such as an {@code api-key}: its key
     * says token, key, secret or password, as for a reconcile block; a setting that names a header
     * ({@code token-header}) holds a header's name, not a credential.
     */
    static boolean isCredential(String setting) {
        String lower = setting.toLowerCase(Locale.ROOT);
        return !lower.endsWith("-header") && Reconcile.CREDENTIAL_WORDS.stream().anyMatch(lower::contains);
    }

    /** {@code hookline.sources.<name>.rate-limit}: a token bucket refilled {@code per-second}, holding {@code burst}. */
    @ConfigurationProperties("rate-limit")
    public static class RateLimit {

        private Double perSecond;
        private Double burst;

        /** Requests a second, on average. */
        public Double getPerSecond() {
            return perSecond;
        }

        public void setPerSecond(Double perSecond) {
            this.perSecond = perSecond;
        }

        /** Requests at once after a quiet spell; defaults to {@code per-second}. */
        public Double getBurst() {
            return burst;
        }

        public void setBurst(Double burst) {
            this.burst = burst;
        }
    }

    /**
     * {@code hookline.sources.<name>.reconcile}: the schedule ({@code interval}, {@code margin}) with
     * which Hookline catches up with the provider's API, and the provider's own keys (credentials,
     * what to ask about), which its plugin checks at start. Bound as a map, so every key the
     * provider takes is a setting here without the receiver naming it (docs/providers.md).
     */
    public static final class Reconcile {

        /** The keys that schedule the runs; every other key is the provider's. */
        public static final Set<String> OWN_KEYS = Set.of("interval", "margin");
        private static final List<String> CREDENTIAL_WORDS = List.of("token", "key", "secret", "password");

        private final String interval;
        private final String margin;
        private final Map<String, String> providerSettings;

        private Reconcile(Map<String, String> block) {
            this.interval = block.get("interval");
            this.margin = block.get("margin");
            Map<String, String> rest = new TreeMap<>(block);
            rest.keySet().removeAll(OWN_KEYS);
            this.providerSettings = Map.copyOf(rest);
        }

        /**
         * The block's keys and values as text. An environment variable such as
         * {@code HOOKLINE_SOURCES_ST_RECONCILE_API_KEY} is bound both as {@code api-key} and as
         * {@code api.key}: the dotted twin of a key that is present is dropped.
         */
        static Reconcile of(Map<String, ?> block) {
            Map<String, String> flat = new TreeMap<>();
            flatten("", block, flat);
            flat.keySet().removeIf(key -> key.contains(".") && flat.containsKey(key.replace('.', '-')));
            return new Reconcile(flat);
        }

        private static void flatten(String prefix, Object value, Map<String, String> into) {
            if (value instanceof Map<?, ?> map) {
                map.forEach((name, nested) -> flatten(prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name,
                        nested, into));
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    flatten(prefix + "[" + i + "]", list.get(i), into);
                }
            } else if (value != null) {
                into.put(prefix, String.valueOf(value));
            }
        }

        /** Time between runs, as written (such as {@code 10m}); null for the default. */
        public String getInterval() {
            return interval;
        }

        /** How far before the last known point a run starts looking, as written; null for the default. */
        public String getMargin() {
            return margin;
        }

        /** Every key of the block but {@link #OWN_KEYS}, for the provider: such as {@code token} or {@code api-url}. */
        public Map<String, String> getProviderSettings() {
            return providerSettings;
        }

        /**
         * The provider's settings that are credentials: those whose key contains {@code token},
         * {@code key}, {@code secret} or {@code password}, as {@code CatchUpSettings} promises plugins.
         */
        public Map<String, String> credentials() {
            Map<String, String> credentials = new TreeMap<>();
            providerSettings.forEach((key, value) -> {
                String lower = key.toLowerCase(Locale.ROOT);
                if (CREDENTIAL_WORDS.stream().anyMatch(lower::contains)) {
                    credentials.put(key, value);
                }
            });
            return credentials;
        }
    }
}
