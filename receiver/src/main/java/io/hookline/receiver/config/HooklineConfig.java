package io.hookline.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiver's own settings ({@code hookline.*}). Sources are {@code ingest.SourceConfig}, storage
 * tuning is {@link StorageConfig}.
 */
@ConfigurationProperties("hookline")
@Context
public class HooklineConfig implements SecretSettings {

    private Path dataDir = Path.of("data");
    private Path pluginsDir = Path.of("plugins");
    private long maxBodySize = 1024 * 1024;
    private String adminToken;
    private String instanceId = InstanceIds.defaultId();
    private String secretKey;
    private List<String> trustedProxies = List.of();

    /** Where {@code hookline.db} lives; created if absent. */
    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * The key that seals subscription secrets at rest, base64 of 32 random bytes; from the
     * environment as {@code HOOKLINE_SECRET_KEY} ({@code openssl rand -base64 32}). Without it the
     * receiver runs, and creating a subscription says it is missing.
     */
    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey == null || secretKey.isBlank() ? null : secretKey.trim();
    }

    /** Third-party plugin jars; an absent directory means none. */
    /**
     * This receiver's name in the attempts it records ({@code instance} in the admin API); by
     * default the host name and the process id, such as {@code vm-1-4242}.
     */
    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId == null || instanceId.isBlank() ? InstanceIds.defaultId() : instanceId.trim();
    }

    public Path getPluginsDir() {
        return pluginsDir;
    }

    public void setPluginsDir(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
    }

    /** The largest body accepted, in bytes ({@code 1MB} in configuration); larger gets 413. */
    public long getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(@ReadableBytes long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    /**
     * The reverse proxies whose {@code X-Forwarded-For} or {@code Forwarded} header says who the
     * client is, as CIDRs ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is one host). None
     * by default: the client is the socket's peer. Checked at start by {@code ClientAddresses}.
     */
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
    }

    /** The bearer token of the admin API and dashboard; without one, they are off. */
    public String getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
    }

    /** The admin token and the secret key. */
    @Override
    public Map<String, String> secretsByKey() {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("hookline.admin-token", adminToken);
        named.put("hookline.secret-key", secretKey);
        return named;
    }
}
