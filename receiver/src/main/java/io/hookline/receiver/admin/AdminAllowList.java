package io.hookline.receiver.admin;

import io.hookline.receiver.clients.AddressRanges;
import io.hookline.receiver.clients.ClientAddresses;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.ErrorResponses;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.net.InetAddress;

/**
 * The operator's surface (the admin API, the dashboard, {@code /metrics}) answers only the
 * addresses in {@code hookline.admin.allow-from}, loopback unless set; any other client gets the
 * 404 of a path that does not exist, so a scan of the webhook port learns nothing of it. Webhooks
 * ({@code /hooks}) and health stay open on every interface. It runs before the token check
 * ({@link AdminAccessFilter}): a refused address never has its token looked at.
 */
@ServerFilter({"/admin", AdminPaths.PATTERN, "/metrics", "/metrics/**"})
@Context // built at start, so a malformed allow-list stops the start rather than the first request
public class AdminAllowList implements Ordered {

    public static final String KEY = "hookline.admin.allow-from";

    private final AddressRanges allowed;
    private final ClientAddresses clients;

    public AdminAllowList(AdminAccessConfig config, ClientAddresses clients) {
        this.allowed = AddressRanges.parse(KEY, config.getAllowFrom());
        this.clients = clients;
    }

    /** Null lets the request go on; otherwise the 404 a path that does not exist gets. */
    @RequestFilter
    @Nullable
    public HttpResponse<?> allowOnly(HttpRequest<?> request) {
        InetAddress client = clients.address(request);
        if (client != null && allowed.contains(client)) {
            return null;
        }
        return ErrorResponses.of(request, ErrorClass.NOT_FOUND, "no such endpoint: " + request.getPath());
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
