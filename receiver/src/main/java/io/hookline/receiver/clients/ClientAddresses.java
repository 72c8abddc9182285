package io.hookline.receiver.clients;

import io.hookline.receiver.config.HooklineConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who sent a request: the socket's peer, or, when that peer is one of {@code hookline.trusted-proxies},
 * the address the proxies forwarded. The forwarded chain is walked from the right (the hop nearest
 * to us) and the first address that is not a trusted proxy is the client: whatever a client writes
 * into the header itself sits to the left of that and is never believed.
 *
 * <p>{@code X-Forwarded-For} is read when present (nginx, Caddy and HAProxy set it), else
 * {@code Forwarded} (RFC 7239, its {@code for=} parameters). A hop that is not an address
 * ({@code unknown}, an obfuscated {@code _name}, garbage) ends the walk at the last proxy that
 * forwarded it. Addresses are literals only: nothing here ever asks DNS.
 */
@Context
public class ClientAddresses {

    private static final String KEY = "hookline.trusted-proxies";

    private final AddressRanges trusted;

    public ClientAddresses(HooklineConfig config) {
        this.trusted = AddressRanges.parse(KEY, config.getTrustedProxies());
    }

    /** The client's address as text ({@code 203.0.113.7}, {@code 2001:db8::1}), or null when the peer is unknown. */
    public String of(HttpRequest<?> request) {
        InetAddress client = address(request);
        return client == null ? null : NetUtil.toAddressString(client);
    }

    /** The client's address, or null when the peer is unknown. */
    public InetAddress address(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return null;
        }
        InetAddress client = peer;
        if (isTrusted(client)) {
            List<String> hops = forwarded(request);
            for (int i = hops.size() - 1; i >= 0; i--) {
                InetAddress hop = literal(hops.get(i));
                if (hop == null) {
                    break;
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return client;
    }

    /** Whether an address is one of the trusted proxies. */
    public boolean isTrusted(InetAddress address) {
        return trusted.contains(address);
    }

    /** The forwarded hops, leftmost (the farthest) first. */
    private static List<String> forwarded(HttpRequest<?> request) {
        List<String> hops = new ArrayList<>();
        List<String> xff = request.getHeaders().getAll("X-Forwarded-For");
        if (!xff.isEmpty()) {
            for (String value : xff) {
                for (String hop : value.split(",")) {
                    hops.add(hop.trim());
                }
            }
            return hops;
        }
        for (String value : request.getHeaders().getAll("Forwarded")) {
            for (String element : splitOutsideQuotes(value, ',')) {
                String forAddress = null;
                for (String pair : splitOutsideQuotes(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        forAddress = pair.substring(equals + 1).trim();
                    }
                }
                // An element without for= says nothing of the client: it ends the walk like garbage would.
                hops.add(forAddress == null ? "" : unquote(forAddress));
            }
        }
        return hops;
    }

    /** An address literal, without its port or brackets; null when the text is not one. */
    static InetAddress literal(String hop) {
        String text = hop.trim();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            text = close < 0 ? "" : text.substring(1, close);
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));   // IPv4 with a port
        }
        return text.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(text);
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
