package io.hookline.receiver.subscriptions;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The ranges of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
 * updates) that are not globally reachable, with multicast and the deprecated site-local range
 * beside them, and the IPv6 forms that carry an IPv4 address: for those, the IPv4 address inside
 * is what a packet reaches, so it is checked as well.
 *
 * <p>A few registry entries are globally reachable (AS112, AMT, ORCHIDv2, the PCP and TURN anycast
 * addresses inside 2001::/23): they are allowed. Where the registry says "N/A" (6to4, Teredo, the
 * well-known NAT64 prefix) the embedded IPv4 address decides. The IPv4-compatible form (::/96) and
 * the local-use NAT64 prefix 64:ff9b:1::/48 are refused whole: the first is deprecated, the second
 * is not globally reachable.
 */
final class SpecialAddresses {

    /** A range of the registry: its prefix, what it is, and the RFC that set it aside. */
    record Range(byte[] prefix, int bits, String text, String purpose, String rfc) {

        static Range of(String cidr, String purpose, String rfc) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)), cidr, purpose, rfc);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }

        /** What it is, for the refusal: {@code loopback, 127.0.0.0/8, RFC 1122}. */
        String describe() {
            return purpose + ", " + text + ", " + rfc;
        }
    }

    /** IPv4 ranges that are not globally reachable. */
    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "\"this network\"", "RFC 791"),
            Range.of("10.0.0.0/8", "private-use", "RFC 1918"),
            Range.of("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598"),
            Range.of("127.0.0.0/8", "loopback", "RFC 1122"),
            Range.of("169.254.0.0/16", "link-local", "RFC 3927"),
            Range.of("172.16.0.0/12", "private-use", "RFC 1918"),
            // Holds 192.0.0.0/29 (RFC 7335), 192.0.0.8/32 (RFC 7600), 192.0.0.170-171/32 (RFC 8880); its
            // two globally reachable anycast addresses (192.0.0.9, 192.0.0.10) are no webhook target either.
            Range.of("192.0.0.0/24", "IETF protocol assignments", "RFC 6890"),
            Range.of("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
            Range.of("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526"),
            Range.of("192.168.0.0/16", "private-use", "RFC 1918"),
            Range.of("198.18.0.0/15", "benchmarking", "RFC 2544"),
            Range.of("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
            Range.of("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
            Range.of("224.0.0.0/4", "multicast", "RFC 5771"),
            // Before 240.0.0.0/4, which holds it: the more telling name.
            Range.of("255.255.255.255/32", "limited broadcast", "RFC 8190, RFC 919"),
            Range.of("240.0.0.0/4", "reserved", "RFC 1112"));

    /** IPv6 ranges inside 2001::/23 that the registry marks globally reachable. */
    private static final List<Range> IPV6_REACHABLE = List.of(
            Range.of("2001:1::1/128", "port control protocol anycast", "RFC 7723"),
            Range.of("2001:1::2/128", "TURN anycast", "RFC 8155"),
            Range.of("2001:1::3/128", "DNS-SD service registration protocol anycast", "RFC 9665"),
            Range.of("2001:3::/32", "AMT", "RFC 7450"),
            Range.of("2001:4:112::/48", "AS112-v6", "RFC 7535"),
            Range.of("2001:20::/28", "ORCHIDv2", "RFC 7343"),
            Range.of("2001:30::/28", "drone remote ID", "RFC 9374"));

    /** IPv6 ranges that are not globally reachable (the embedding forms are looked at first). */
    private static final List<Range> IPV6 = List.of(
            Range.of("::1/128", "loopback", "RFC 4291"),
            Range.of("::/128", "unspecified", "RFC 4291"),
            Range.of("::/96", "IPv4-compatible, deprecated", "RFC 4291"),
            Range.of("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215"),
            Range.of("100::/64", "discard-only", "RFC 6666"),
            Range.of("100:0:0:1::/64", "dummy IPv6 prefix", "RFC 9780"),
            Range.of("2001::/23", "IETF protocol assignments (benchmarking, ORCHID)", "RFC 2928, RFC 5180, RFC 4843"),
            Range.of("2001:db8::/32", "documentation", "RFC 3849"),
            Range.of("3fff::/20", "documentation", "RFC 9637"),
            Range.of("5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602"),
            Range.of("fc00::/7", "unique-local", "RFC 4193"),
            Range.of("fe80::/10", "link-local unicast", "RFC 4291"),
            Range.of("fec0::/10", "site-local, deprecated", "RFC 3879"),
            Range.of("ff00::/8", "multicast", "RFC 4291"));

    private static final Range MAPPED = Range.of("::ffff:0:0/96", "IPv4-mapped", "RFC 4291");
    private static final Range NAT64 = Range.of("64:ff9b::/96", "IPv4/IPv6 translation", "RFC 6052");
    private static final Range SIX_TO_FOUR = Range.of("2002::/16", "6to4", "RFC 3056");
    private static final Range TEREDO = Range.of("2001::/32", "Teredo", "RFC 4380");

    private SpecialAddresses() {}

    /** Why a packet to this address stays inside a network (or goes nowhere); empty when it is globally reachable. */
    static Optional<String> notGloballyReachable(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(bytes);
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.of("not an IP address");
        }
        for (Range reachable : IPV6_REACHABLE) {
            if (reachable.contains(bytes)) {
                return Optional.empty();
            }
        }
        for (Range embedding : List.of(MAPPED, NAT64)) {
            if (embedding.contains(bytes)) {
                return embedded(embedding, slice(bytes, 12, false));
            }
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return embedded(SIX_TO_FOUR, slice(bytes, 2, false));
        }
        if (TEREDO.contains(bytes)) {
            // The client's public address is the last 32 bits, inverted (RFC 4380, section 4).
            return embedded(TEREDO, slice(bytes, 12, true));
        }
        return first(IPV6, bytes);
    }

    private static Optional<String> ipv4(byte[] bytes) {
        return first(IPV4, bytes);
    }

    private static Optional<String> embedded(Range form, byte[] ipv4) {
        return ipv4(ipv4).map(why -> "it embeds " + text(ipv4) + " (" + form.describe() + "): " + why);
    }

    private static Optional<String> first(List<Range> ranges, byte[] bytes) {
        return ranges.stream().filter(range -> range.contains(bytes)).findFirst().map(Range::describe);
    }

    private static byte[] slice(byte[] bytes, int from, boolean inverted) {
        byte[] ipv4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            ipv4[i] = (byte) (inverted ? ~bytes[from + i] : bytes[from + i]);
        }
        return ipv4;
    }

    private static String text(byte[] ipv4) {
        return (ipv4[0] & 0xFF) + "." + (ipv4[1] & 0xFF) + "." + (ipv4[2] & 0xFF) + "." + (ipv4[3] & 0xFF);
    }
}
