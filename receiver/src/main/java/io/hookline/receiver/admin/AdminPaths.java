package io.hookline.receiver.admin;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.util.Set;

/** Where the admin area is, and the part of it that anyone may load: the dashboard's page and script. */
final class AdminPaths {

    /** Everything the admin filters apply to. */
    static final String PATTERN = "/admin/**";

    /** Static files with no data in them; every call they make for data carries the token. */
    private static final Set<String> PUBLIC_PAGES = Set.of("/admin", "/admin/", "/admin/dashboard.js");

    private AdminPaths() {}

    /** Whether the request loads the dashboard's page or script, which need no token. */
    static boolean isPublicPage(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        return (method == HttpMethod.GET || method == HttpMethod.HEAD) && PUBLIC_PAGES.contains(request.getPath());
    }
}
