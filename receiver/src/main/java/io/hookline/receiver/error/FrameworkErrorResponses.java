package io.hookline.receiver.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * Puts the framework's own errors (no such route, body over the size limit, wrong method) in the
 * same shape as the receiver's, so a client parses one error format. The detail is the
 * framework's message where it is one written for clients, never an exception's internals.
 *
 * <p>Micronaut answers every request Netty could not decode because something was too long with
 * 413 ({@code NettyRequestLifecycle.handleNormal}: any {@code TooLongFrameException}), whether the
 * body, the headers or the request line was over its limit. The request still carries Netty's
 * decoder result, which says which limit it was, so here each gets its own status: 431 for the
 * headers, 414 for the URL.
 */
@Primary
@Singleton
public class FrameworkErrorResponses implements ErrorResponseProcessor<ErrorBody> {

    private final NettyHttpServerConfiguration server;

    public FrameworkErrorResponses(NettyHttpServerConfiguration server) {
        this.server = server;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = limitExceeded(context, response.getStatus());
        response.status(status);
        ErrorClass code = ErrorClass.ofStatus(status);
        String detail = switch (code) {
            case PAYLOAD_TOO_LARGE -> "the body is larger than the limit (hookline.max-body-size)";
            case HEADERS_TOO_LARGE -> "the request headers are larger than the limit of " + server.getMaxHeaderSize()
                    + " bytes in all (micronaut.server.netty.max-header-size)";
            case URI_TOO_LONG -> "the URL is longer than the limit of " + server.getMaxInitialLineLength()
                    + " bytes for the request line (micronaut.server.netty.max-initial-line-length)";
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

    /** The status for the limit that was really exceeded, where the framework said 413 for all. */
    private static HttpStatus limitExceeded(ErrorContext context, HttpStatus status) {
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && context.getRequest() instanceof NettyHttpRequest<?> netty) {
            Throwable cause = netty.getNativeRequest().decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
            if (cause instanceof TooLongHttpLineException) {
                return HttpStatus.REQUEST_URI_TOO_LONG;
            }
        }
        return status;
    }
}
