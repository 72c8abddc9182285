package io.hookline.receiver.subscriptions;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a target URL points inside the network: any address its host resolves to that is
 * loopback, link-local, private (RFC 1918, IPv6 unique local), carrier-grade NAT, unspecified or
 * multicast. Checked when a subscription is made or changed and again before each delivery, so a
 * DNS change cannot turn a subscription into a probe of the internal network.
 */
final class TargetAddresses {

    private TargetAddresses() {}

    /** Why the URL's host may not be a target, or empty when every address it resolves to is public. */
    static Optional<String> refusal(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("host " + url.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return Optional.of("host " + url.getHost() + " resolves to " + address.getHostAddress()
                        + ", a loopback, link-local or private address (hookline.subscriptions.allow-private-targets"
                        + " allows it)");
            }
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xFE) == 0xFC;
        }
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        return first == 100 && second >= 64 && second <= 127 || first == 0;
    }
}
