package io.hookline.receiver.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.time.Instant;

/** Builds error answers: the one place that turns an {@link ErrorClass} into a response. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static MutableHttpResponse<ErrorBody> of(HttpRequest<?> request, ErrorClass code, String detail) {
        return HttpResponse.<ErrorBody>status(code.httpStatus()).body(body(request, code, detail));
    }

    static ErrorBody body(HttpRequest<?> request, ErrorClass code, String detail) {
        return body(request, code, code.httpStatus(), detail);
    }

    /** A body for {@code code} sent with {@code status}, for framework answers such as 415. */
    static ErrorBody body(HttpRequest<?> request, ErrorClass code, HttpStatus status, String detail) {
        return new ErrorBody(new ErrorBody.Error(
                RequestIds.newId("err_"),
                status.getCode(),
                code.wireName(),
                code.httpStatus() == status ? code.title() : status.getReason(),
                detail,
                new ErrorBody.Meta(RequestIds.of(request), Instant.now().toString())));
    }
}
