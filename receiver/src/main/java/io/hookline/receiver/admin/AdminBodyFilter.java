package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.ErrorResponses;
import io.hookline.receiver.error.WebhookException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Arrays;

/**
 * Reads the body of every admin request, after {@link AdminAccessFilter} let it in: a body that
 * is not one JSON object is a 400 {@code invalid_body} here, in the standard error shape; so is a field sent to an
 * endpoint that takes none (a {@code {"dry_run": true}} posted to a single event's replay would
 * otherwise replay it for real). An endpoint that takes fields declares an
 * {@link AdminRequestBody} parameter and says which fields it knows.
 *
 * <p>A body with a content coding is refused first (415 with {@code Accept-Encoding: identity},
 * RFC 7694) instead of being misread as JSON: the HTTP layer no longer inflates bodies, so that
 * webhooks are verified over the bytes their senders signed, and the admin API's bodies are a few
 * hundred bytes of JSON that no client needs to compress (inflating them here would only bring
 * back a way to make a small request large).
 */
@ServerFilter(AdminPaths.PATTERN)
public class AdminBodyFilter implements Ordered {

    /** The request attribute that carries the parsed body to {@link AdminRequestBodyBinder}. */
    static final String ATTRIBUTE = "hookline.admin.body";

    private final JsonMapper json;

    public AdminBodyFilter(JsonMapper json) {
        this.json = json;
    }

    /** Only for requests that reach a route: the framework answers the others (404, 405) itself. */
    @RequestFilter
    @Nullable
    public HttpResponse<?> read(HttpRequest<?> request, @Nullable @Body byte[] body, RouteMatch<?> route) {
        if (AdminPaths.isPublicPage(request)) {
            return null;
        }
        String coding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            return ErrorResponses.of(request, ErrorClass.ENCODING_UNSUPPORTED, "the admin API takes bodies without"
                    + " a content coding; send the JSON as it is, without Content-Encoding")
                    .header(HttpHeaders.ACCEPT_ENCODING, "identity");
        }
        try {
            AdminRequestBody parsed = AdminRequestBody.parse(json, body);
            if (!parsed.isEmpty() && !takesBody(route)) {
                throw new WebhookException(ErrorClass.INVALID_BODY, parsed.firstField() + ": " + call(request, route)
                        + " takes no fields; send no body");
            }
            request.setAttribute(ATTRIBUTE, parsed);
            return null;
        } catch (WebhookException refused) {
            return ErrorResponses.of(request, refused.errorClass(), refused.detail());
        }
    }

    /** Whether the route's method declares an {@link AdminRequestBody}. */
    static boolean takesBody(RouteMatch<?> route) {
        return route.getRouteInfo() instanceof MethodBasedRouteInfo<?, ?> method && Arrays.stream(
                method.getTargetMethod().getArguments()).anyMatch(argument -> argument.getType() == AdminRequestBody.class);
    }

    private static String call(HttpRequest<?> request, RouteMatch<?> route) {
        String path = route.getRouteInfo() instanceof UriRouteInfo<?, ?> uri ? uri.getUriMatchTemplate().toString()
                : request.getPath();
        return request.getMethodName() + " " + path;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
