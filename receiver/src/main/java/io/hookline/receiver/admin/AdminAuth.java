package io.hookline.receiver.admin;

import io.hookline.receiver.config.HooklineConfig;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's one check: {@code Authorization: Bearer <hookline.admin-token>}, compared in
 * constant time. Without a configured token the admin API is off. {@link AdminAccessFilter}
 * applies it, once a request, to everything under {@code /admin} and to readiness, whose detail it
 * unlocks; no route calls it.
 */
@Singleton
public class AdminAuth {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public AdminAuth(HooklineConfig config) {
        this.token = config.getAdminToken() == null ? null : config.getAdminToken().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the admin API is on. */
    public boolean enabled() {
        return token != null;
    }

    /** @throws WebhookException with 404 when the admin API is off, 401 when the token is missing or wrong */
    void check(HttpRequest<?> request) {
        if (token == null) {
            throw new WebhookException(ErrorClass.ADMIN_DISABLED,
                    "the admin API is off; set hookline.admin-token to turn it on");
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            throw new WebhookException(ErrorClass.UNAUTHORIZED, "send the admin token as 'Authorization: Bearer <token>'");
        }
        if (!MessageDigest.isEqual(token, header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8))) {
            throw new WebhookException(ErrorClass.UNAUTHORIZED, "the admin token is wrong");
        }
    }
}
