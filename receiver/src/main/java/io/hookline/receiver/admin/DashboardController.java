package io.hookline.receiver.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /admin/}: the dashboard, one static page and its script, no build step. The page asks
 * for the admin token once (kept in the tab's session storage) and calls the admin API with it;
 * without the token it shows nothing. It renders every value as text, never as markup.
 */
@Controller("/admin")
public class DashboardController {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final byte[] page = resource("dashboard.html");
    private final byte[] script = resource("dashboard.js");

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff");
    }

    @Get(uri = "/dashboard.js", produces = "application/javascript")
    public HttpResponse<byte[]> script() {
        return HttpResponse.ok(script).contentType("application/javascript").header("X-Content-Type-Options", "nosniff");
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
