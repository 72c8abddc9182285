package io.hookline.plugins.jenkins;

import io.hookline.spi.EventHandler;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Handler {@code jenkins}: triggers a Jenkins job for each stored event with
 * {@code POST {url}/job/{job}/buildWithParameters}, authenticated as a Jenkins user with an API
 * token (basic auth; requests with an API token need no CSRF crumb). Every build carries
 * {@code HOOKLINE_EVENT_ID}, so Jenkins never merges two events' builds into one queued build, as
 * it does with identical parameters; also {@code HOOKLINE_EVENT_TYPE}, {@code HOOKLINE_SOURCE}, and
 * one parameter per {@code param.NAME} setting, valued by the JSON Pointer it names in the body.
 *
 * <p>Settings: {@code url} (the Jenkins root), {@code job} ({@code folder/name} for a job in a
 * folder), {@code user}, {@code token}, {@code param.NAME: /json/pointer}. Jenkins answers a
 * queued build with 201 and its queue item: success. 401/403 are {@code permission_denied}, 404 (no
 * such job) {@code downstream_rejected}, 5xx and connection failures are retried.
 */
public final class JenkinsHandler implements EventHandler {

    static final String PARAMETER_PREFIX = "param.";
    private static final java.util.Set<String> KEYS = java.util.Set.of("url", "job", "user", "token");

    @Override
    public String id() {
        return "jenkins";
    }

    @Override
    public RouteHandler bind(RouteSettings route) {
        Map<String, String> settings = route.settings();
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!KEYS.contains(key) && !key.startsWith(PARAMETER_PREFIX)) {
                throw new IllegalArgumentException(route.settingKey(key) + ": unknown setting (known: "
                        + new TreeSet<>(KEYS) + " and param.NAME)");
            }
        }
        URI root = URI.create(required(route, "url").replaceAll("/+$", "") + "/");
        if (!"http".equals(root.getScheme()) && !"https".equals(root.getScheme()) || root.getHost() == null) {
            throw new IllegalArgumentException(route.settingKey("url") + " must be an http or https URL of Jenkins");
        }
        StringBuilder path = new StringBuilder();
        for (String part : required(route, "job").split("/")) {
            if (!part.isBlank()) {
                path.append("job/").append(JobPath.encode(part)).append('/');
            }
        }
        URI trigger = root.resolve(path + "buildWithParameters");
        String credentials = required(route, "user") + ":" + required(route, "token");
        String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        Map<String, String> pointers = new LinkedHashMap<>();
        settings.forEach((key, pointer) -> {
            if (key.startsWith(PARAMETER_PREFIX)) {
                if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                    throw new IllegalArgumentException(route.settingKey(key)
                            + " must be a JSON Pointer such as /pull_request/head/ref");
                }
                pointers.put(key.substring(PARAMETER_PREFIX.length()), pointer);
            }
        });
        return new JenkinsTrigger(trigger, authorization, Map.copyOf(pointers));
    }

    private static String required(RouteSettings route, String key) {
        String value = route.settings().get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(route.settingKey(key) + " is required");
        }
        return value.trim();
    }
}
