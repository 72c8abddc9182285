package io.hookline.receiver.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Sends every answer with its {@code X-Request-Id}, the id also quoted in error bodies. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter {

    @ResponseFilter
    public void addRequestId(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(RequestIds.HEADER, RequestIds.of(request));
    }
}
