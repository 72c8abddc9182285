package io.hookline.receiver.admin;

import io.hookline.receiver.rejections.RejectionLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/** {@code GET /admin/rejections}: the newest refused webhook requests with their diagnosis, behind the admin token. */
@Controller("/admin/rejections")
public class RejectionsController {

    private static final int MAX_LIMIT = 500;

    private final RejectionLog log;

    public RejectionsController(RejectionLog log) {
        this.log = log;
    }

    @Get
    public AdminViews.Rejections list(@Nullable @QueryValue String source,
            @Nullable @QueryValue Integer limit) {
        int size = QueryParameters.limit(limit, 50, MAX_LIMIT);
        String only = source == null || source.isBlank() ? null : source;
        return new AdminViews.Rejections(log.recent(only, size).stream().map(AdminViews.Rejection::of).toList(),
                log.overAddressLimitCount(only));
    }
}
