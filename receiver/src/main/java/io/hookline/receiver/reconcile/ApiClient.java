package io.hookline.receiver.reconcile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The provider clients' HTTP: the JDK's client, a bounded time per call, the credential header on
 * every request, and a failure that names the call, never the credential. Written on the JDK's
 * {@code HttpClient} rather than a provider SDK: {@code stripe-java} 33.3 is a 20.3 MB jar (with
 * Gson beside it), against 23.9 MB for the whole receiver, for one list call here; GitHub's two
 * calls need no library either.
 */
final class ApiClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String provider;
    private final Map<String, String> headers;

    /**
     * @param provider the provider's name for messages, such as {@code GitHub}
     * @param headers the headers every call carries: the credential and the API's media type
     */
    ApiClient(String provider, Map<String, String> headers) {
        this.provider = provider;
        this.headers = Map.copyOf(headers);
    }

    String provider() {
        return provider;
    }

    HttpResponse<byte[]> get(URI uri) throws ApiFailure, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET(), "GET", uri);
    }

    HttpResponse<byte[]> post(URI uri) throws ApiFailure, InterruptedException {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), "POST", uri);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String method, URI uri)
            throws ApiFailure, InterruptedException {
        request.timeout(CALL_TIMEOUT).header("User-Agent", "Hookline-reconciler");
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ApiFailure(ApiFailure.Cause.UNREACHABLE, provider + " did not answer " + describe(method, uri)
                    + " within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new ApiFailure(ApiFailure.Cause.UNREACHABLE, provider + " could not be reached for "
                    + describe(method, uri) + ": " + e);
        }
    }

    /** The call for messages: method, host and path, never the query or user info. */
    static String describe(String method, URI uri) {
        return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
    }
}
