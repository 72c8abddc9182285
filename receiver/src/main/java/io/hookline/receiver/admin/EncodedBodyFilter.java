package io.hookline.receiver.admin;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;

/**
 * The admin API takes request bodies without a content coding, and says so (415 with
 * {@code Accept-Encoding: identity}, RFC 7694) instead of failing to read compressed JSON. The HTTP
 * layer no longer inflates bodies, so that webhooks are verified over the bytes their senders
 * signed; the admin API's bodies are a few hundred bytes of JSON, which no client needs to
 * compress, and inflating them here would only bring back a way to make a small request large.
 */
@ServerFilter("/admin/**")
public class EncodedBodyFilter {

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseEncodedBodies(HttpRequest<?> request) {
        String coding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (coding == null || coding.isBlank() || coding.trim().toLowerCase(Locale.ROOT).equals("identity")) {
            return null;
        }
        return ErrorResponses.of(request, ErrorClass.ENCODING_UNSUPPORTED, "the admin API takes bodies without"
                + " a content coding; send the JSON as it is, without Content-Encoding")
                .header(HttpHeaders.ACCEPT_ENCODING, "identity");
    }
}
