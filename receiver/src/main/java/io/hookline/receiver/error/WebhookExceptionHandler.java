package io.hookline.receiver.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a refused request in the standard error shape. */
@Singleton
public class WebhookExceptionHandler implements ExceptionHandler<WebhookException, HttpResponse<ErrorBody>> {

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, WebhookException exception) {
        var response = ErrorResponses.of(request, exception.errorClass(), exception.detail());
        if (exception instanceof RateLimitedException limited) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        }
        return response;
    }
}
