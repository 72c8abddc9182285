package io.hookline.receiver.config;

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
    private Map<String, String> rateLimit = Map.of();

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

    /** {@code per-second} and {@code burst}; empty for no limit. */
    public Map<String, String> getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(Map<String, String> rateLimit) {
        this.rateLimit = rateLimit == null ? Map.of() : rateLimit;
    }
}
