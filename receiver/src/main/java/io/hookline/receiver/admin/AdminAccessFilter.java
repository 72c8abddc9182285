package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorResponses;
import io.hookline.receiver.error.WebhookException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The admin token, checked once for everything under {@code /admin} before a route reads its
 * body or its parameters: an endpoint cannot forget it, and a request without the token learns
 * nothing from a parser's error. Only the dashboard's page and script pass without it
 * ({@link AdminPaths#isPublicPage}): they hold no data, and the page asks for the token itself.
 * Readiness ({@code /health/readiness}) passes too, its status being for anyone: there the
 * filter only marks the request, and the controller adds each check's detail when it is marked.
 * Every request the filter lets through carries {@link #AUTHENTICATED}, so no route checks the
 * token itself.
 *
 * <p>It runs in the security phase. Another gate on the same paths (the address allow-list of
 * issue 31) is a filter of its own in that phase, ordered before this one with
 * {@code ServerFilterPhase.SECURITY.before()}, so a refused address is refused before its token
 * is looked at.
 */
@ServerFilter({AdminPaths.PATTERN, AdminPaths.READINESS})
public class AdminAccessFilter implements Ordered {

    /** The request attribute, {@code true} or {@code false}: whether the request carried the admin token. */
    public static final String AUTHENTICATED = "hookline.admin.authenticated";

    private final AdminAuth auth;

    public AdminAccessFilter(AdminAuth auth) {
        this.auth = auth;
    }

    /** Null lets the request go on; otherwise the answer that refuses it (404 admin API off, 401). */
    @RequestFilter
    @Nullable
    public HttpResponse<?> requireToken(HttpRequest<?> request) {
        WebhookException refused = null;
        try {
            auth.check(request);
        } catch (WebhookException e) {
            refused = e;
        }
        request.setAttribute(AUTHENTICATED, refused == null);
        if (refused == null || AdminPaths.isPublicPage(request) || AdminPaths.isDetailOnlyForAdmin(request)) {
            return null;
        }
        return ErrorResponses.of(request, refused.errorClass(), refused.detail());
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
