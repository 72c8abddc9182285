package io.hookline.receiver.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.util.List;

/** {@code hookline.admin.*}: who may reach the admin API, the dashboard and {@code /metrics}. */
@ConfigurationProperties("hookline.admin")
@Context
public class AdminAccessConfig {

    private List<String> allowFrom = List.of("127.0.0.0/8", "::1");

    /**
     * The client addresses (CIDRs, or single addresses) that the admin API, the dashboard and
     * {@code /metrics} answer; every other address gets 404, as if they did not exist. Loopback
     * only unless set. The client is the socket's peer, or the address forwarded by one of
     * {@code hookline.trusted-proxies}.
     */
    public List<String> getAllowFrom() {
        return allowFrom;
    }

    public void setAllowFrom(List<String> allowFrom) {
        this.allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
    }
}
