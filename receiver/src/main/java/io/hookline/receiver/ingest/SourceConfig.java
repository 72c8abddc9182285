package io.hookline.receiver.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;
import java.util.Map;

/**
 * One source, {@code hookline.sources.<name>}: the endpoint {@code POST /hooks/<name>}, bound to
 * one provider and its secrets. Checked at start by {@code Sources}.
 */
@EachProperty("hookline.sources")
public class SourceConfig {

    private final String name;
    private String provider;
    private List<String> secrets = List.of();
    private Map<String, String> settings = Map.of();
    private RateLimit rateLimit;

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
}
