package io.hookline.receiver.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Puts the framework's own errors (no such route, body over the size limit, wrong method) in the
 * same shape as the receiver's, so a client parses one error format. The detail is the
 * framework's message where it is one written for clients, never an exception's internals.
 */
@Primary
@Singleton
public class FrameworkErrorResponses implements ErrorResponseProcessor<ErrorBody> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        ErrorClass code = ErrorClass.ofStatus(status);
        String detail = switch (code) {
            case PAYLOAD_TOO_LARGE -> "the body is larger than the limit (hookline.max-body-size)";
            case NOT_FOUND -> "no such endpoint: " + context.getRequest().getPath();
            case METHOD_NOT_ALLOWED -> "method " + context.getRequest().getMethodName() + " is not allowed here";
            case INTERNAL_ERROR -> "the receiver failed unexpectedly; see its log for this request id";
            default -> context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
        };
        MutableHttpResponse<ErrorBody> typed = (MutableHttpResponse<ErrorBody>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return typed;
        }
        return typed.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorResponses.body(context.getRequest(), code, status, detail));
    }
}
