package io.hookline.receiver.admin;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.util.Set;

/**
 * Where the admin area is, the part of it that anyone may load (the dashboard's page and script),
 * and the public answer that shows the admin more (readiness).
 */
final class AdminPaths {

    /** Everything the admin filters apply to. */
    static final String PATTERN = "/admin/**";

    /** Answered to anyone; {@link AdminAccessFilter} decides whether the admin's detail is added. */
    static final String READINESS = "/health/readiness";

    /** Static files with no data in them; every call they make for data carries the token. */
    private static final Set<String> PUBLIC_PAGES = Set.of("/admin", "/admin/", "/admin/dashboard.js");

    private AdminPaths() {}

    /** Whether the request loads the dashboard's page or script, which need no token. */
    static boolean isPublicPage(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        return (method == HttpMethod.GET || method == HttpMethod.HEAD) && PUBLIC_PAGES.contains(request.getPath());
    }

    /** Whether the request is answered without the token too, the token only adding detail (readiness). */
    static boolean isDetailOnlyForAdmin(HttpRequest<?> request) {
        return request.getPath().equals(READINESS);
    }
}
