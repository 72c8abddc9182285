package io.hookline.receiver.dispatch;

import io.hookline.receiver.config.SecretSettings;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One route, an entry of {@code hookline.routes}: which events ({@code match}, optionally
 * {@code provider} and {@code where}) go to which handler, with the handler's settings, its timeout, its retry
 * delays and how many of its attempts may run at once. Checked at start by {@link Routes}.
 */
@EachProperty(value = "hookline.routes", list = true)
public class RouteConfig implements SecretSettings {

    private final int index;
    private String name;
    private String match = "*";
    private String provider;
    private String handler;
    private String where;
    private Map<String, String> settings = Map.of();
    private Duration timeout = Duration.ofSeconds(30);
    private List<Duration> retryDelays;
    private Integer maxConcurrent;
    private String eventForm;
    private String orderBy;

    public RouteConfig(@Parameter Integer index) {
        this.index = index;
    }

    public int getIndex() {
        return index;
    }

    /** The route's name in statuses and metrics; defaults to the handler id. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** {@code source:type} globs with {@code *}, such as {@code gh:pull_request.*}; {@code *} for all. */
    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = match;
    }

    /** Only events verified by this provider, if set. */
    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /**
     * A CEL expression over the event ({@code source}, {@code type}, {@code key}, {@code headers},
     * {@code received_at}, {@code body}) that must be true for the route to take it; unset, every
     * event its {@code match} takes.
     */
    public String getWhere() {
        return where;
    }

    public void setWhere(String where) {
        this.where = where;
    }

    /** The handler id: {@code forward}, {@code log}, {@code command}, or a plugin's. */
    public String getHandler() {
        return handler;
    }

    public void setHandler(String handler) {
        this.handler = handler;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings == null ? Map.of() : settings;
    }

    /** How long one attempt may run. */
    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** The waits before each retry; their count is the number of retries. */
    public List<Duration> getRetryDelays() {
        return retryDelays;
    }

    public void setRetryDelays(List<Duration> retryDelays) {
        this.retryDelays = retryDelays;
    }

    /**
     * How many attempts of this route may run at once on this instance, from 1 to
     * {@code hookline.dispatch.workers}; unset, {@link DispatchConfig#defaultMaxConcurrent()}.
     */
    public Integer getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * What the route's handler gets of an event whose source fetches full events (a provider setting,
     * docs/providers.md): {@code notification}, the body as received (the
     * default), or {@code fetched}, the full event fetched once from the sender's API.
     */
    public String getEventForm() {
        return eventForm;
    }

    public void setEventForm(String eventForm) {
        this.eventForm = eventForm;
    }

    /**
     * What the route's deliveries are ordered by ({@link OrderKey#parse}); unset, no order. Those
     * with one key run one at a time, in the order their events were received.
     */
    public String getOrderBy() {
        return orderBy;
    }

    public void setOrderBy(String orderBy) {
        this.orderBy = orderBy;
    }

    /** The settings whose name says secret, token or password. */
    @Override
    public Map<String, String> secretsByKey() {
        Map<String, String> named = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("secret") || lower.contains("token") || lower.contains("password")) {
                named.put("hookline.routes[" + index + "].settings." + name, value);
            }
        });
        return named;
    }

    /**
     * What a target URL ({@code settings.url}) carries that is as good as a credential: the password
     * of its user part and its query values (webhook URLs put their tokens there), those of eight
     * characters or more, so that a target echoing its own URL does not put them in an answer kept
     * or a message logged.
     */
    @Override
    public List<String> credentialsInValues() {
        List<String> found = new ArrayList<>();
        settings.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).equals("url") && value != null) {
                found.addAll(inUrl(value));
            }
        });
        return found;
    }

    private static List<String> inUrl(String url) {
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
}
