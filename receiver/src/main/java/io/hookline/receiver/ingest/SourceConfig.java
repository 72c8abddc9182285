package io.hookline.receiver.ingest;

import io.hookline.receiver.config.SecretSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The provider id, such as {@code github}. */
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

    /** The source's reconciliation with its provider's API, or null when it is off. */
    public Reconcile getReconcile() {
        return reconcile;
    }

    public void setReconcile(Reconcile reconcile) {
        this.reconcile = reconcile;
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
            named.put(key + ".reconcile.token", reconcile.getToken());
            named.put(key + ".reconcile.api-key", reconcile.getApiKey());
        }
        return named;
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
     * {@code hookline.sources.<name>.reconcile}: the provider API credentials and schedule with
     * which Hookline finds and repairs the webhooks it missed. Which keys apply depends on the
     * provider (docs/providers.md); {@code Reconcilers} checks them at start.
     */
    @ConfigurationProperties("reconcile")
    public static class Reconcile {

        private String token;
        private String hook;
        private String apiKey;
        private String apiUrl;
        private Duration interval;
        private Duration margin;

        /** GitHub: a token allowed to read and redeliver the hook's deliveries. */
        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        /** GitHub: {@code repos/OWNER/REPO/hooks/ID} or {@code orgs/ORG/hooks/ID}. */
        public String getHook() {
            return hook;
        }

        public void setHook(String hook) {
            this.hook = hook;
        }

        /** Stripe: a restricted key with read access to events. */
        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        /** The provider's API root; its public API unless set (GitHub Enterprise Server, a test server). */
        public String getApiUrl() {
            return apiUrl;
        }

        public void setApiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        /** Time between runs; 10 minutes unless set. */
        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** How far before the last known point a run starts looking; 10 minutes unless set. */
        public Duration getMargin() {
            return margin;
        }

        public void setMargin(Duration margin) {
            this.margin = margin;
        }
    }
}
