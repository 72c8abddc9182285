package io.hookline.receiver.subscriptions;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a target URL points inside a network: any address its host resolves to that is not
 * globally reachable ({@link SpecialAddresses}: loopback, private, link-local, carrier-grade NAT,
 * benchmarking, documentation, broadcast, multicast…, and IPv6 forms that embed such an IPv4
 * address). Checked when a subscription is made or changed and again before each delivery, so a
 * DNS change cannot turn a subscription into a probe of the internal network.
 */
final class TargetAddresses {

    private TargetAddresses() {}

    /** Why the URL's host may not be a target, or empty when every address it resolves to is globally reachable. */
    static Optional<String> refusal(URI url) {
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
