package io.hookline.receiver.subscriptions;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a target URL points inside a network: any address its host resolves to that is not
 * globally reachable ({@link SpecialAddresses}: loopback, private, link-local, carrier-grade NAT,
 * benchmarking, documentation, broadcast, multicast…, and IPv6 forms that embed such an IPv4
 * address). Checked when a subscription is made or changed and again before each delivery, so a
 * DNS change cannot turn a subscription into a probe of the internal network.
 */
final class TargetAddresses {

    /** A host written as numbers only: one to four parts, each decimal or 0x-hexadecimal. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\\.?");
    /** The one way to write an IPv4 address that every client reads alike: four decimal parts without leading zeros. */
    private static final Pattern CANONICAL_IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private TargetAddresses() {}

    /** Why the URL's host may not be a target, or empty when every address it resolves to is globally reachable. */
    static Optional<String> refusal(URI url) {
        String host = url.getHost();
        if (host != null && NUMERIC_HOST.matcher(host).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
            // 0177.0.0.1 is 177.0.0.1 to Java but 127.0.0.1 to inet_aton-style parsers (curl, a proxy):
            // an address that two clients read differently cannot be checked once for both.
            return Optional.of("host " + host + " is an IPv4 address not written as four decimal numbers without"
                    + " leading zeros (octal, hexadecimal or shortened forms are read differently by different clients)");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host " + url.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = SpecialAddresses.notGloballyReachable(address);
            if (why.isPresent()) {
                return Optional.of("host " + url.getHost() + " resolves to " + address.getHostAddress()
                        + ", which is not globally reachable (" + why.get()
                        + "); hookline.subscriptions.allow-private-targets allows it");
            }
        }
        return Optional.empty();
    }
}
